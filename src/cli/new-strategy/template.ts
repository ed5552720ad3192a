import { fileURLToPath } from 'node:url';

/** The repository root (this file is three folders deep, like its bundle in dist/cli/bundle/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What a template needs: the strategy's name and how its folder reaches the repository's src/ and data/. */
export interface TemplateInput {
  /** kebab-case, e.g. "my-momentum". */
  readonly name: string;
  /** Relative import prefix from the strategy's folder to the repository root, ending in "/" ("../", "../../"). */
  readonly toRoot: string;
}

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A working strategy to start from: time-series momentum, long only, with one validated parameter. */
export function strategySource({ name, toRoot }: TemplateInput): string {
  const id = camel(name);
  return `import { ZERO } from '${toRoot}src/core/decimal/fixed.ts';
import { intParam, rejectUnknownParams } from '${toRoot}src/core/strategies/params.ts';
import type { Strategy, StrategyFactory } from '${toRoot}src/core/strategy/strategy.ts';

/**
 * ${name}: time-series momentum, long only. Holds a pair while its close is above the close
 * \`lookback\` candles earlier: buys with all available cash when that turns true, sells the
 * whole position when it turns false. Market orders fill at the next candle's open.
 *
 * Run it:   npx krakenbt backtest --strategy <this file> --timeframe 1d --param lookback=30
 * Test it:  npx vitest run <its .test.ts>
 * The context (ctx) API and every callback: src/core/strategy/strategy.ts.
 */
const ${id}: StrategyFactory = {
  name: '${name}',
  description: 'Long while the close is above the close lookback candles ago.',
  params: { lookback: { default: '30', description: 'candles between the two closes compared' } },
  create(params): Strategy {
    rejectUnknownParams('${name}', params, ['lookback']);
    const lookback = intParam('${name}', params, 'lookback', 30, 1, 10_000);
    const closes: number[][] = []; // per pair: the last lookback + 1 closes, oldest first
    return {
      name: '${name}',
      onCandle(ctx, bar) {
        const past = (closes[bar.pairIndex] ??= []);
        past.push(bar.close);
        if (past.length > lookback + 1) past.shift();
        if (past.length <= lookback || ctx.openOrders(bar.symbol).length > 0) return;
        const end = ctx.runEnd();
        if (end !== undefined && bar.closeTime >= end) return; // no candle left to fill an order
        const rising = bar.close > past[0];
        const held = ctx.position(bar.symbol);
        const inst = ctx.instrument(bar.symbol);
        const cash = ctx.available(inst.quote);
        if (rising && held === ZERO && cash > inst.minCost) {
          ctx.submit({ pair: bar.symbol, side: 'buy', type: 'market', quoteQty: cash, tag: '${name} entry' });
        } else if (!rising && held > ZERO) {
          ctx.submit({ pair: bar.symbol, side: 'sell', type: 'market', qty: held, tag: '${name} exit' });
        }
      },
    };
  },
};

export default ${id};
`;
}

/** Its test: parameters validated, and a real backtest on bundled Kraken candles (in-memory store). */
export function testSource({ name, toRoot }: TemplateInput): string {
  return `import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '${toRoot}src/backtest/run/backtest-config.ts';
import { runBacktest, type BacktestResult } from '${toRoot}src/backtest/run/run-backtest.ts';
import { MarketStore } from '${toRoot}src/backtest/store/index.ts';
import strategy from './${name}.ts';

const ROOT = join(import.meta.dirname, '${toRoot}');
const FILE = join(import.meta.dirname, '${name}.ts');

/** Backtests the strategy on Kraken's BTC/USD daily candles (data/bundled), 2019-2021, in an in-memory store. */
async function backtest(params: Record<string, string> = {}): Promise<BacktestResult> {
  const store = await MarketStore.open(':memory:');
  try {
    await store.importFile(join(ROOT, 'data/bundled/kraken/ohlcvt/1440/XBTUSD_1440.csv.gz'), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 1440 });
    const config = parseBacktestConfig({ strategy: FILE, params, pairs: ['BTC/USD'], timeframe: '1d', from: '2019-01-01', to: '2021-12-31' });
    return await runBacktest(config, store);
  } finally {
    store.close();
  }
}

describe('${name}', () => {
  it('validates its parameters', () => {
    expect(() => strategy.create({ nope: '1' })).toThrow(/unknown parameter "nope"/);
    expect(() => strategy.create({ lookback: 'abc' })).toThrow(/lookback must be a whole number/);
  });

  it('trades real candles without rejected orders, never short', async () => {
    const r = await backtest({ lookback: '30' });
    expect(r.fills.length).toBeGreaterThan(0);
    expect(r.rejectionsByReason).toEqual({});
    for (const b of r.balances) expect(b.balance >= 0n, b.asset).toBe(true);
    // Every sell closes a position opened by an earlier buy.
    expect(r.fills[0].side).toBe('buy');
  });

  it('is deterministic: the same run twice gives the same event-log hash', async () => {
    expect((await backtest()).hash).toBe((await backtest()).hash);
  });
});
`;
}
