import { parseFixed } from '../decimal/fixed.ts';
import { canonicalPairOrder } from '../universe/pair-order.ts';
import type { Instrument } from '../instruments/instrument.ts';
import { defaultSymbols } from '../instruments/symbols.ts';
import { Kernel, type KernelOptions } from '../kernel/kernel.ts';
import { createCandleBatch, type CandleBatch } from '../market/candle-batch.ts';
import { parseTimeframe } from '../market/timeframe.ts';
import { parseRiskConfig } from '../risk/risk-config.ts';
import type { Strategy } from '../strategy/strategy.ts';
import { KrakenFeeModel } from '../venue/sim/fee-model.ts';
import { OhlcPathFillModel } from '../venue/sim/fill-model.ts';
import { FixedLatency } from '../venue/sim/latency-model.ts';
import { SimulatedVenue } from '../venue/sim/simulated-venue.ts';
import { FixedBpsSlippage, NO_SLIPPAGE } from '../venue/sim/slippage-model.ts';
import type { VenuePort } from '../venue/port.ts';
import { promote } from '../ml/approved-model.ts';
import { DowntimeCheck } from '../calendar/downtime-check.ts';
import { windowFromStartEnd } from '../calendar/downtime-window.ts';
import type { JournalInput } from './journal-entry.ts';
import { inputRefusal, type InputStateView } from './input-validation.ts';
import { guardStrategy, type StrategyFault } from './strategy-guard.ts';
import { ReplayVenue } from './replay-venue.ts';
import { withRepositioner } from './repositioner.ts';
import type { SessionConfig } from './session-config.ts';

/** Hooks a session host passes to the kernel (results, status page, logs). */
export type SessionHooks = Pick<KernelOptions, 'onEvent' | 'onFill' | 'onOrderClosed' | 'onLog' | 'onSample' | 'onRecord' | 'retainClosedOrders'> & {
  /** The strategy threw and is halted from now on (live and replay alike). */
  readonly onStrategyFault?: (fault: StrategyFault) => void;
  /** An accepted input failed inside the kernel all the same (a validator gap); replay fails identically. */
  readonly onInputError?: (input: JournalInput, error: Error) => void;
};

export interface SessionKernel {
  readonly kernel: Kernel;
  readonly instruments: readonly Instrument[];
  readonly intervalMs: number;
  /**
   * Feeds one journaled input to the kernel: the one mapping used live and in replay. A
   * `refused` entry is skipped. An input that fails inside the kernel anyway is reported to
   * `onInputError` and counted, never thrown: the kernel's state after the failure is the
   * same in every replay, so the journal stays replayable.
   */
  apply(input: JournalInput): void;
  /** Why the kernel would refuse `input` now (validate, then journal), or undefined. */
  check(input: JournalInput): string | undefined;
  /** The strategy's exception, once it threw (the strategy is halted). */
  strategyFault(): StrategyFault | undefined;
  /** The strategy's own name: the id of its orders that carry no member id. */
  readonly strategyName: string;
  /** Strategy ids the session has run (its name and every id its orders carried), sorted. */
  strategyIds(): readonly string[];
  /** Inputs that failed inside the kernel after passing `check`. */
  readonly failures: () => number;
}

/** The session's pairs in the one canonical order backtests use: any order of the same pairs gives the same run. */
export function sessionInstruments(config: SessionConfig): Instrument[] {
  return canonicalPairOrder(config.pairs.map((p) => defaultSymbols.instrument(p)));
}

/**
 * Builds the kernel of a session exactly as its journal header describes it. Paper sessions
 * get the simulated venue (filled from the live bars, as in a backtest); real sessions get
 * `venue` (the Kraken adapter live, a ReplayVenue in replay).
 */
export function createSessionKernel(config: SessionConfig, strategy: Strategy, hooks: SessionHooks = {}, venue?: VenuePort): SessionKernel {
  const instruments = sessionInstruments(config);
  const fees = new KrakenFeeModel({ maker: config.makerFee, taker: config.takerFee });
  const port: VenuePort =
    config.mode === 'paper'
      ? new SimulatedVenue({
          fees,
          slippage: config.slippageBps === 0 ? NO_SLIPPAGE : new FixedBpsSlippage(config.slippageBps),
          latency: new FixedLatency(config.latencyMs),
          fillModel: new OhlcPathFillModel(config.touchRule),
          maxVolumeShare: config.volumeShare,
        })
      : (venue ?? new ReplayVenue());
  const { onStrategyFault, onInputError, onOrderClosed, ...kernelHooks } = hooks;
  // The strategy's declared ids and every id an order carried (the validator refuses halting an id the session never ran).
  const strategyIds = new Set<string>([strategy.name, ...(strategy.strategyIds ?? [])]);
  const guarded = guardStrategy(config.reposition ? withRepositioner(strategy, config.reposition) : strategy, onStrategyFault);
  const kernel = new Kernel({
    instruments,
    accountCurrency: instruments[0].quote,
    strategy: guarded.strategy,
    venue: port,
    checks: config.downtime ? [new DowntimeCheck(windowFromStartEnd(config.downtime))] : [],
    fees,
    risk: parseRiskConfig(config.risk),
    seed: config.seed,
    clientIdPrefix: `${config.clientIdPrefix}-`,
    ...kernelHooks,
    onOrderClosed: (o) => {
      strategyIds.add(o.strategyId);
      onOrderClosed?.(o);
    },
  });
  const intervalMs = parseTimeframe(config.timeframe) * 60_000;
  const index = new Map(instruments.map((inst, i) => [inst.symbol, i]));
  const batch: CandleBatch = createCandleBatch(1, intervalMs);
  let started = false;
  let failures = 0;
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  const byBase = new Map(instruments.map((i) => [i.base, i]));
  const view: InputStateView = {
    now: () => kernel.now(),
    started: () => started,
    intervalMs,
    accountCurrency: instruments[0].quote,
    instruments,
    instrument: (pair) => bySymbol.get(pair),
    pairOfBase: (asset) => byBase.get(asset),
    lastPrice: (pair) => kernel.lastPrice(pair),
    order: (clientId) => kernel.orderList().find((o) => o.clientId === clientId),
    hasApplied: (execId) => kernel.ledger.hasApplied(execId),
    balance: (asset) => kernel.ledger.balance(asset),
    available: (asset) => kernel.available(asset),
    strategyIds: () => [...new Set([...strategyIds, ...kernel.openOrderList().map((o) => o.strategyId), ...kernel.strategyHalts().keys()])].sort(),
    strategyHalted: (id) => kernel.strategyHalts().has(id),
  };
  const apply = (input: JournalInput): void => {
    try {
      feed(input);
    } catch (e) {
      failures++;
      onInputError?.(input, e instanceof Error ? e : new Error(String(e)));
    }
    if (input.k === 'start') started = true;
  };
  const feed = (input: JournalInput): void => {
    switch (input.k) {
      case 'refused':
        return;
      case 'deposit':
        return kernel.deposit(input.time, input.asset, input.amount);
      case 'withdraw':
        return kernel.withdraw(input.time, input.asset, input.amount);
      case 'start':
        return kernel.start(input.time);
      case 'stop':
        return kernel.stop(input.time);
      case 'tick':
        return kernel.advanceTo(input.time);
      case 'mode':
        return kernel.setTradingMode(input.time, input.mode, input.reason);
      case 'strategy':
        return kernel.setStrategyHalted(input.time, input.strategyId, input.halted, input.reason);
      case 'model':
        // Not a kernel event: the strategy reads its model by alias on its next bar.
        return promote(input.pair, input.id, input.artifactHash);
      case 'venue':
        return kernel.onVenueEvent(input.event);
      case 'candle': {
        const c = input.candle;
        const p = index.get(c.pair);
        if (p === undefined) throw new Error(`candle for ${c.pair}, which this session does not trade (${config.pairs.join(', ')})`);
        if (c.intervalMs !== intervalMs) throw new Error(`candle of ${c.intervalMs} ms in a ${config.timeframe} session`);
        batch.length = 1;
        batch.pair[0] = p;
        batch.openTime[0] = c.openTime;
        batch.open[0] = c.open;
        batch.high[0] = c.high;
        batch.low[0] = c.low;
        batch.close[0] = c.close;
        batch.volume[0] = c.volume;
        batch.trades[0] = c.trades;
        kernel.onCandles(batch);
        return;
      }
    }
  };
  return { kernel, instruments, intervalMs, apply, check: (input) => inputRefusal(input, view), strategyFault: guarded.fault, strategyName: strategy.name, strategyIds: view.strategyIds, failures: () => failures };
}

/** The paper session's opening deposit: the configured cash in the quote currency. */
export function openingCash(config: SessionConfig): bigint {
  return parseFixed(config.cash);
}
