/**
 * The research API: what notebooks and scripts import (src/research may import from every
 * layer). Typical notebook use (see notebooks/ and docs/research.md):
 *
 *   const store = await openMarket();
 *   const btc = await candleTable(store, { pairs: ['BTC/USD'], timeframe: '1d', from: '2021-01-01', to: '2021-12-31' });
 *   const { result, runId } = await backtest(store, { strategy: 'sma-cross', ... }, { save: store });
 *   const t = await runTables(store, runId);          // fills, lots, equity, ... as arquero tables
 *   display.svg(await toSvg(equityDrawdownChart(storedEquityTable(t.equity))));
 */
export { openMarket } from './data/market.ts';
export { queryTable } from './data/query.ts';
export { candleTable, snapshotTable } from './data/candle-table.ts';
export { toDanfo } from './data/frames.ts';
export { snapshotCandles, SnapshotSource, type CandleSnapshot, type SnapshotRequest } from './data/candle-snapshot.ts';
export { backtest, backtestConfig, type BacktestInput, type BacktestRun } from './runs/backtest.ts';
export { listRuns, runTables, type RunTables } from './runs/run-tables.ts';
export { equityTable, HEADLINE_METRICS, metricsTable, returnsTable, storedEquityTable } from './runs/metrics.ts';
export { toSvg } from './charts/render.ts';
export { barChart, equityDrawdownChart, heatmap, histogram, lineChart, scatter, type Rows } from './charts/specs.ts';
export { gridPoints, paramsKey, parseParamSpace, randomPoints, type Params, type ParamSpace } from './sweep/param-space.ts';
export { runSweep, planSweep, sweepIdOf, type SweepOptions, type SweepOutcome, type SweepSpec } from './sweep/run-sweep.ts';
export { evaluateWalkForward, walkForwardFolds, type FoldOutcome, type Objective, type WalkForwardSpec } from './sweep/walk-forward.ts';
export type { JobResult, SweepJob } from './sweep/job.ts';
export { checkLookahead, type LookaheadReport } from './bias/lookahead.ts';
export { checkRecursive, type RecursiveReport } from './bias/recursive.ts';
export { BUILTIN_STRATEGIES } from '../core/strategies/index.ts';
