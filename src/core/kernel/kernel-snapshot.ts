import type { EventLogSnapshot } from '../hash/event-log.ts';
import { Ledger, type LedgerSnapshot } from '../ledger/ledger.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import type { RiskSnapshot } from '../risk/risk-engine.ts';
import { Holds } from './holds.ts';
import type { KernelCore } from './kernel-core.ts';
import type { ScheduledItem } from './kernel-options.ts';
import { decodeKernelOrder, encodeKernelOrder } from './order-codec.ts';

export interface KernelSnapshot {
  version: 1;
  clock: number;
  seq: number;
  schedSeq: number;
  clientCounter: number;
  timerCounter: number;
  sampleTime: number;
  started: boolean;
  cashF: number;
  equityF: number;
  lastPx: (number | null)[];
  posF: number[];
  queue: { time: number; seq: number; item: ScheduledItem }[];
  orders: Record<string, any>[];
  open: string[];
  holds: [string, string, string][];
  ledger: LedgerSnapshot;
  risk: RiskSnapshot;
  random: number[];
  log: EventLogSnapshot;
  venue: unknown;
  strategy: unknown;
  checks?: unknown[];
  /** Halted strategy ids and why; absent when none is (older snapshots have none). */
  strategyHalts?: [string, string][];
}

/** The whole kernel state (with its venue's, strategy's and checks' own) as JSON-safe data. */
export function snapshotKernel(k: KernelCore): KernelSnapshot {
  return {
    version: 1,
    clock: k.clock,
    seq: k.seq,
    schedSeq: k.schedSeq,
    clientCounter: k.clientCounter,
    timerCounter: k.timerCounter,
    sampleTime: k.sampleTime,
    started: k.started,
    cashF: k.cashF,
    equityF: k.equityF,
    lastPx: [...k.lastPx].map((x) => (Number.isFinite(x) ? x : null)),
    posF: [...k.posF],
    queue: k.queue.entries().map((e) => ({ time: e.time, seq: e.seq, item: e.item })),
    orders: [...k.orders.values()].map(encodeKernelOrder),
    open: [...k.openIds],
    holds: k.holds.snapshot(),
    ledger: k.ledger.snapshot(),
    risk: k.risk.snapshot(),
    random: k.random.state(),
    log: k.log.snapshot(),
    venue: k.venue.snapshot?.() ?? null,
    strategy: k.strategy.snapshot?.() ?? null,
    checks: k.checks.map((c) => c.snapshot?.() ?? null),
    ...(k.strategyHalts.size ? { strategyHalts: [...k.strategyHalts] } : {}),
  };
}

/** Puts a snapshot's state into a freshly built kernel core (same options as the one snapshotted). */
export function restoreKernel(k: KernelCore, snap: KernelSnapshot): void {
  k.clock = snap.clock;
  k.seq = snap.seq;
  k.schedSeq = snap.schedSeq;
  k.clientCounter = snap.clientCounter;
  k.timerCounter = snap.timerCounter;
  k.sampleTime = snap.sampleTime;
  k.started = snap.started;
  k.cashF = snap.cashF;
  k.equityF = snap.equityF;
  snap.lastPx.forEach((x, i) => (k.lastPx[i] = x === null ? NaN : x));
  snap.posF.forEach((x, i) => (k.posF[i] = x));
  for (const e of snap.queue) k.queue.push(e);
  k.orders = new Map(snap.orders.map((o) => [o.clientId, decodeKernelOrder(o)]));
  k.openIds = new Set(snap.open);
  k.strategyHalts = new Map(snap.strategyHalts ?? []);
  k.holds = Holds.restore(snap.holds);
  k.ledger = Ledger.restore(snap.ledger);
  k.risk.restore(snap.risk);
  k.random = SeededRandom.fromState(snap.random);
  k.log.restore(snap.log);
  if (snap.venue !== null) k.venue.restore?.(snap.venue);
  if (snap.strategy !== null) k.strategy.restore?.(snap.strategy);
  (snap.checks ?? []).forEach((state, i) => {
    if (state !== null) k.checks[i]?.restore?.(state);
  });
}
