import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFixed, type Fixed } from '../../../src/core/decimal/fixed.ts';
import type { JournalInput } from '../../../src/core/journal/journal-entry.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { JournalWriter } from '../../../src/live/journal/journal-writer.ts';
import { LiveSession } from '../../../src/live/runner/live-session.ts';
import chaos from './fixtures/chaos-strategy.ts';
import { HOUR, session, SIM_START, tempDir } from './helpers.ts';
import { useTeardown } from './teardown.ts';

/**
 * Validate, then journal. Random input sequences for a real-mode session (the venue's reports
 * are inputs) mix what a healthy venue sends with what breaks a naive journal: overfills,
 * fills for unknown orders without pair and side, a "never placed" verdict for an order the
 * venue acknowledged, fills after the terminal status, repeated execution ids, candles out of
 * order or with NaN prices, events from the past, and a strategy that throws. Whatever comes
 * in, the live session never throws, and its journal replayed (in this process and in a fresh
 * one) gives the same hash and ledger.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const STRATEGY = join(import.meta.dirname, 'fixtures', 'chaos-strategy.ts');
const CHILD = join(import.meta.dirname, 'fixtures', 'replay-summaries.ts');

type Op =
  | { t: 'candle'; step: number; trades: number; nan: boolean }
  | { t: 'fill'; pick: number; pct: number; filled: boolean; direct: boolean; pairSide: boolean; reuse: boolean; small: boolean }
  | { t: 'status'; pick: number; kind: 'accepted' | 'rejected' | 'canceled' | 'expired' | 'unknown'; direct: boolean }
  | { t: 'past'; pick: number }
  | { t: 'cash'; k: 'deposit' | 'withdraw'; units: number }
  | { t: 'mode'; mode: 'active' | 'halted' | 'reducing-only' };

/** True about once in `n`. */
const rare = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('candle' as const), step: fc.constantFrom(1, 1, 1, 0, -2), trades: fc.constantFrom(5, 7, 9, 13), nan: rare(20) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('fill' as const),
      pick: fc.nat(7),
      pct: fc.constantFrom(30, 50, 100, 100, 160),
      filled: fc.boolean(),
      direct: fc.boolean(),
      pairSide: fc.boolean(),
      reuse: rare(5),
      small: rare(9),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('status' as const), pick: fc.nat(7), kind: fc.constantFrom('accepted' as const, 'rejected' as const, 'canceled' as const, 'expired' as const, 'unknown' as const), direct: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('past' as const), pick: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cash' as const), k: fc.constantFrom('deposit' as const, 'withdraw' as const), units: fc.integer({ min: -1, max: 50_000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('mode' as const), mode: fc.constantFrom('active' as const, 'halted' as const, 'reducing-only' as const) }) },
);

const config = session({ mode: 'real', strategy: STRATEGY, params: {}, cash: '0', clientIdPrefix: 'P', risk: {} });
const px = (x: number): Fixed => parseFixed(x.toFixed(1));

/** Runs one sequence live (journal on disk); returns the live summary and what happened. */
function runLive(path: string, ops: readonly Op[]): { summary: unknown; refused: number; faulted: boolean; lateBooked: number } {
  const { writer } = JournalWriter.open(path, config, { sync: 'write', now: () => 0 });
  const failed: unknown[] = [];
  const log = { info() {}, warn() {}, error: (f: Record<string, unknown>, msg: string) => (msg.startsWith('journaled input failed') ? failed.push(f.err) : undefined) };
  const s = new LiveSession(config, chaos(), writer, { log });
  let t = SIM_START;
  let close = 30_000;
  let exec = 0;
  let lateBooked = 0;
  s.record({ k: 'deposit', time: t, asset: 'USD', amount: parseFixed('10000') });
  s.record({ k: 'start', time: t });
  const cid = (pick: number) => `P-${pick + 1}`;
  for (const o of ops) {
    const now = s.timeFor(t);
    switch (o.t) {
      case 'candle': {
        t += o.step * HOUR;
        close += o.step * 37;
        const c = o.nan ? NaN : close;
        s.record({ k: 'candle', candle: { pair: 'BTC/USD', openTime: t - HOUR, intervalMs: HOUR, open: close, high: close + 50, low: close - 50, close: c, volume: 3, trades: o.trades } });
        break;
      }
      case 'fill': {
        const order = s.kernel.orderList().find((x) => x.clientId === cid(o.pick));
        const left = order ? order.qty - order.filledQty : parseFixed('0.01');
        let qty = o.small ? parseFixed('0.0013') : (left * BigInt(o.pct)) / 100n;
        qty -= qty % 10n ** 10n; // 8 decimals, like Kraken's volumes
        const execId = o.reuse && exec > 0 ? `E${exec}` : `E${++exec}`;
        const closedBefore = !order || !s.kernel.openOrderList().some((x) => x.clientId === order.clientId);
        const ev = {
          kind: 'fill' as const, time: now, clientId: cid(o.pick), execId, qty, price: px(close), fee: parseFixed('0.01'), feeAsset: 'USD', liquidity: 'taker' as const,
          orderStatus: o.filled ? ('filled' as const) : ('partially-filled' as const),
          ...(o.pairSide ? { pair: 'BTC/USD', side: order?.side ?? ('buy' as const) } : {}),
        };
        const before = s.kernel.ledger.hasApplied(execId);
        if (o.direct) s.record({ k: 'venue', event: ev });
        else s.onVenueEvent(ev);
        if (closedBefore && !before && s.kernel.ledger.hasApplied(execId)) lateBooked++;
        break;
      }
      case 'status': {
        const base = { time: now, clientId: cid(o.pick) };
        const ev =
          o.kind === 'accepted' ? { ...base, kind: o.kind, venueOrderId: `V${o.pick}` }
          : o.kind === 'expired' ? { ...base, kind: o.kind }
          : { ...base, kind: o.kind, reason: o.kind === 'rejected' ? 'never reached the venue (reconciliation)' : 'test' };
        if (o.direct) s.record({ k: 'venue', event: ev });
        else s.onVenueEvent(ev);
        break;
      }
      case 'past':
        if (Number.isFinite(s.kernel.now())) s.record({ k: 'venue', event: { kind: 'canceled', time: s.kernel.now() - 1, clientId: cid(o.pick), reason: 'late' } });
        break;
      case 'cash':
        s.record({ k: o.k, time: now, asset: o.units % 3 === 0 ? 'BTC' : 'USD', amount: BigInt(o.units) * 10n ** 16n });
        break;
      case 'mode':
        s.record({ k: 'mode', time: now, mode: o.mode, reason: 'test' });
        break;
    }
  }
  writer.close();
  expect(failed).toEqual([]); // the validator caught every input the kernel would fail on
  expect(s.sk.failures()).toBe(0);
  return { summary: s.summary(), refused: s.refusedCount, faulted: s.strategyFault() !== undefined, lateBooked };
}

function replayInProcess(path: string): unknown {
  const parsed = parseJournalText(readFileSync(path, 'utf8'), path);
  const s = new LiveSession(parsed.header.session, chaos(), { append: () => { throw new Error('replay must not append'); } });
  s.replay(parsed.entries);
  return s.summary();
}

describe('validate, then journal', () => {
  const defer = useTeardown();

  it('any input sequence leaves a journal that replays, in this process and in a fresh one, to the live hash and ledger', () => {
    const t = tempDir('journal-prop-');
    defer(t.cleanup);
    const journals: string[] = [];
    const lives: unknown[] = [];
    let refused = 0;
    let faults = 0;
    let late = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 60 }), (ops) => {
        const path = join(t.dir, `j${++runs}.jsonl`);
        const live = runLive(path, ops);
        expect(replayInProcess(path)).toEqual(live.summary);
        journals.push(path);
        lives.push(live.summary);
        refused += live.refused;
        faults += live.faulted ? 1 : 0;
        late += live.lateBooked;
      }),
      { numRuns: 60, seed: 13 },
    );
    // The sequences did hit what they are about (a property that never refuses proves nothing).
    expect(refused).toBeGreaterThan(20);
    expect(faults).toBeGreaterThan(3);
    expect(late).toBeGreaterThan(0);
    const fresh = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', CHILD, ...journals], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })) as unknown[];
    expect(fresh).toEqual(lives);
  }, 120_000);

  it.each<[string, (s: LiveSession) => JournalInput, RegExp, boolean?]>([
    ['an overfill', (s) => fill(s, 'P-1', '0.02'), /would overfill order P-1/],
    ['a "never placed" verdict for an acknowledged order', (s) => ({ k: 'venue', event: { kind: 'rejected', time: s.kernel.now(), clientId: 'P-1', reason: 'never reached the venue (reconciliation)' } }), /contradicts its state: the order is open/],
    ['a fill for an unknown order without pair and side', (s) => fill(s, 'P-99', '0.01'), /carries no pair and side/],
    ['an event from the past', (s) => ({ k: 'venue', event: { kind: 'canceled', time: s.kernel.now() - 1, clientId: 'P-1', reason: 'x' } }), /before the kernel clock/],
    ['a candle with a NaN close', (s) => ({ k: 'candle', candle: { pair: 'BTC/USD', openTime: s.kernel.now(), intervalMs: HOUR, open: 1, high: 2, low: 1, close: NaN, volume: 1, trades: 1 } }), /not a positive number/, false],
    ['a sell of more than is held', (s) => ({ k: 'venue', event: { ...fill(s, 'P-77', '5').event, pair: 'BTC/USD', side: 'sell' } }), /selling 5 BTC but the ledger holds/],
    ['a second start', (s) => ({ k: 'start', time: s.kernel.now() }), /already started/],
  ])('refuses %s, journals it as refused, and the journal replays', (_name, make, reason, kernelFails = true) => {
    const t = tempDir('journal-refuse-');
    defer(t.cleanup);
    const path = join(t.dir, 'j.jsonl');
    const { writer } = JournalWriter.open(path, config, { sync: 'write', now: () => 0 });
    const s = new LiveSession(config, chaos(), writer);
    s.record({ k: 'deposit', time: SIM_START, asset: 'USD', amount: parseFixed('10000') });
    s.record({ k: 'start', time: SIM_START });
    s.record({ k: 'candle', candle: { pair: 'BTC/USD', openTime: SIM_START, intervalMs: HOUR, open: 30_000, high: 30_100, low: 29_900, close: 30_000, volume: 1, trades: 5 } });
    expect(s.onVenueEvent({ kind: 'accepted', time: SIM_START + HOUR, clientId: 'P-1', venueOrderId: 'V1' })).toBe(true);
    const input = make(s);
    // Without the validator the kernel fails on exactly this input (a NaN price it would take, and poison the journal with).
    const probe = new LiveSession(config, chaos(), { append: () => 0 });
    probe.replay(parseJournalText(readFileSync(path, 'utf8')).entries);
    const errors: string[] = [];
    (probe.sk as { apply: (i: JournalInput) => void }).apply = ((orig) => (i: JournalInput) => {
      const before = probe.sk.failures();
      orig(i);
      if (probe.sk.failures() > before) errors.push(i.k);
    })(probe.sk.apply);
    probe.sk.apply(input);
    expect(errors).toEqual(kernelFails ? [input.k] : []);

    expect(s.record(input)).toBe(false);
    writer.close();
    expect(s.lastRefusal?.reason).toMatch(reason);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ k: 'refused', input: { k: input.k } });
    expect(replayInProcess(path)).toEqual(s.summary());
  });

  it('a strategy that throws is halted with its stack; orders and fills are still tracked', () => {
    const { logger, lines } = memory();
    const s = new LiveSession(config, chaos(), { append: (() => { let n = 0; return () => ++n; })() }, { log: logger });
    s.record({ k: 'deposit', time: SIM_START, asset: 'USD', amount: parseFixed('10000') });
    s.record({ k: 'start', time: SIM_START });
    s.record({ k: 'candle', candle: { pair: 'BTC/USD', openTime: SIM_START, intervalMs: HOUR, open: 30_000, high: 30_100, low: 29_900, close: 30_000, volume: 1, trades: 5 } });
    expect(s.kernel.openOrderList()).toHaveLength(1);
    s.record({ k: 'candle', candle: { pair: 'BTC/USD', openTime: SIM_START + HOUR, intervalMs: HOUR, open: 30_000, high: 30_100, low: 29_900, close: 30_000, volume: 1, trades: 13 } });
    expect(s.strategyFault()).toMatchObject({ callback: 'onCandle', message: expect.stringMatching(/13 trades/), stack: expect.stringMatching(/chaos-strategy\.ts/) });
    expect(lines().some((l) => l.msg === 'strategy threw; strategy halted (orders and positions still tracked)' && /chaos-strategy/.test(String(l.stack)))).toBe(true);
    // The order placed before the fault still settles and is booked.
    expect(s.onVenueEvent({ kind: 'accepted', time: SIM_START + 2 * HOUR, clientId: 'P-1', venueOrderId: 'V1' })).toBe(true);
    expect(s.onVenueEvent(fill(s, 'P-1', '0.01').event)).toBe(true);
    expect(s.kernel.ledger.balance('BTC')).toBe(parseFixed('0.01'));
    // And the strategy places nothing more.
    s.record({ k: 'candle', candle: { pair: 'BTC/USD', openTime: SIM_START + 2 * HOUR, intervalMs: HOUR, open: 30_000, high: 30_100, low: 29_900, close: 30_000, volume: 1, trades: 5 } });
    expect(s.kernel.openOrderList()).toHaveLength(0);
  });

  it('books a fill after the terminal status once, by execution id', () => {
    const s = new LiveSession(config, chaos(), { append: (() => { let n = 0; return () => ++n; })() });
    s.record({ k: 'deposit', time: SIM_START, asset: 'USD', amount: parseFixed('10000') });
    s.record({ k: 'start', time: SIM_START });
    s.record({ k: 'candle', candle: { pair: 'BTC/USD', openTime: SIM_START, intervalMs: HOUR, open: 30_000, high: 30_100, low: 29_900, close: 30_000, volume: 1, trades: 5 } });
    expect(s.onVenueEvent({ kind: 'rejected', time: SIM_START + HOUR, clientId: 'P-1', reason: 'never reached the venue (reconciliation)' })).toBe(true);
    expect(s.kernel.openOrderList()).toHaveLength(0);
    const late = fill(s, 'P-1', '0.01').event; // no pair/side: the session remembers the closed order's
    expect(s.onVenueEvent(late)).toBe(true);
    expect(s.onVenueEvent(late)).toBe(false);
    expect(s.kernel.ledger.balance('BTC')).toBe(parseFixed('0.01'));
    expect(s.kernel.ledger.balance('USD')).toBe(parseFixed('10000') - parseFixed('300.01'));
  });
});

function fill(s: LiveSession, clientId: string, qty: string): Extract<JournalInput, { k: 'venue' }> & { event: Extract<JournalInput, { k: 'venue' }>['event'] & { kind: 'fill' } } {
  return {
    k: 'venue',
    event: { kind: 'fill', time: s.kernel.now(), clientId, execId: `X-${clientId}-${qty}`, qty: parseFixed(qty), price: parseFixed('30000'), fee: parseFixed('0.01'), feeAsset: 'USD', liquidity: 'taker', orderStatus: 'filled' },
  };
}

function memory(): { logger: { info: () => void; warn: () => void; error: (f: Record<string, unknown>, m: string) => void }; lines: () => Record<string, unknown>[] } {
  const out: Record<string, unknown>[] = [];
  return { logger: { info() {}, warn() {}, error: (f, msg) => out.push({ ...f, msg }) }, lines: () => out };
}
