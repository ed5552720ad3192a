import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { loseNextOrderEntirely, startFaultSession, type FaultSession } from './fault-session.ts';
import { HOUR, SIM_START, TEST_KEY, waitFor } from './helpers.ts';

/**
 * Fault tests: a live session against the loopback simulator gets one fault mid-session
 * (disconnect, silent sockets, corrupted book, rate-limit errors, an order whose response is
 * lost) and keeps going. Afterwards it must have traded again, and its ledger must still be
 * the venue's: equal balances, every venue trade booked exactly once, no order placed twice,
 * no order left unknown. Simulator time is manual; the market moves one hour per step.
 */

const FAULT_AT = 4; // the fault hits before the market reaches this hour
const LAST_HOUR = 9;

interface Fault {
  readonly name: string;
  /** Injects the fault and drives the market through hour FAULT_AT (or lets the caller do it). */
  readonly inject: (s: FaultSession) => Promise<void>;
  /** The fault loses an order's answer: every order must end settled in the adapter too. */
  readonly lostAnswers?: boolean;
  /** The runner cannot learn the outcome without asking: an order must have been `unknown`, then settled by reconciliation. */
  readonly expectUnknown?: boolean;
}

/** Waits until both sockets are back and subscribed after `before` public reconnects. */
async function reconnected(s: FaultSession, before: number): Promise<void> {
  const h = s.runner.health;
  await waitFor(() => h.reconnects > before, 'market feed reconnecting');
  await waitFor(() => h.publicState === 'subscribed' && h.privateState === 'subscribed', 'both sockets subscribed again');
}

const REAL_FAULTS: readonly Fault[] = [
  {
    name: 'disconnect (every socket dropped, the market moves meanwhile)',
    async inject(s) {
      const before = s.runner.health.reconnects;
      s.sim.faults.dropConnections();
      s.advanceBlind(FAULT_AT);
      await reconnected(s, before);
    },
  },
  {
    name: 'silent sockets (no frame at all until resumed)',
    async inject(s) {
      const before = s.runner.health.reconnects;
      s.sim.faults.silence();
      s.advanceBlind(FAULT_AT);
      await waitFor(() => s.runner.health.reconnects > before && s.runner.health.privateState !== 'subscribed', 'watchdogs noticed the silence');
      s.sim.faults.resume();
      await reconnected(s, before);
    },
  },
  {
    name: 'corrupted book (one bad checksum, then repeated ones)',
    async inject(s) {
      s.marketSocket().subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
      await waitFor(() => s.runner.health.publicState === 'subscribed', 'book subscribed');
      const dropped = s.runner.session.bars.partialBarsDropped;
      const reconnects = s.runner.health.reconnects;
      s.sim.faults.corruptNextBookUpdate(1);
      await s.hour(FAULT_AT);
      // A resync of the book on the same socket is not a feed gap: no bar may be dropped for it.
      expect(s.runner.session.bars.partialBarsDropped).toBe(dropped);
      expect(s.runner.health.reconnects).toBe(reconnects);
      s.sim.faults.corruptNextBookUpdate(20); // more resyncs in a row than the client accepts: it reconnects
      // About one book update per hour reaches the client between resyncs: give it a few hours.
      for (let h = FAULT_AT + 1; s.runner.health.reconnects === reconnects && h < FAULT_AT + 8; h++) await s.hour(h, () => s.runner.health.reconnects > reconnects);
      await reconnected(s, reconnects);
      s.sim.faults.corruptBookPending = 0; // heal
    },
  },
  {
    name: 'rate-limit errors (token fetch after a drop, then reconciliation of a lost order)',
    lostAnswers: true,
    expectUnknown: true,
    async inject(s) {
      const before = s.runner.health.reconnects;
      s.sim.faults.rateLimitNext(3); // the private socket's new token needs three retries
      s.sim.faults.dropConnections();
      await reconnected(s, before);
      expect(s.sim.faults.rateLimitPending).toBe(0);
      await s.hour(FAULT_AT); // the bar in progress during the drop is incomplete: dropped, no order
      s.sim.faults.rateLimitNext(3); // then the reconciliation's three parallel REST calls are each refused once
      loseNextOrderEntirely(s.sim);
      await s.hour(FAULT_AT + 1);
      expect(s.sim.faults.rateLimitPending).toBe(0);
    },
  },
  {
    name: 'order response lost (no answer; executions still stream)',
    lostAnswers: true,
    async inject(s) {
      s.sim.faults.swallowNextOrderResponse({ mode: 'hang' });
      await s.hour(FAULT_AT);
    },
  },
  {
    name: 'order response lost with its executions (only reconciliation can tell)',
    lostAnswers: true,
    expectUnknown: true,
    async inject(s) {
      loseNextOrderEntirely(s.sim);
      await s.hour(FAULT_AT);
    },
  },
  {
    name: 'order response lost because the socket closed instead of answering',
    lostAnswers: true,
    async inject(s) {
      const before = s.runner.health.reconnects;
      s.sim.faults.swallowNextOrderResponse({ mode: 'close' });
      s.advanceBlind(FAULT_AT);
      await waitFor(() => s.runner.session.kernel.openOrderList().length === 0, 'the order settled');
      await waitFor(() => s.runner.health.privateState === 'subscribed', 'private socket back');
      expect(s.runner.health.reconnects).toBe(before); // only the private socket was closed
    },
  },
];

interface LedgerCheck {
  /** Venue trades after the fault (the runner traded again). */
  tradesAfterFault: number;
}

/** The ledger is the venue's: balances, trades (each booked once), orders (each placed once), nothing unknown. */
async function expectLedgerIsVenue(s: FaultSession, faultTime: number): Promise<LedgerCheck> {
  const runner = s.runner;
  const venue = runner.venue!;
  const acct = s.sim.account(TEST_KEY);
  const ledger = runner.session.kernel.ledger;

  expect(runner.session.kernel.openOrderList()).toEqual([]);
  expect(venue.unknownOrders()).toEqual([]);
  expect(ledger.balance('USD')).toBe(parseFixed(acct.balances.USD));
  expect(ledger.balance('BTC')).toBe(parseFixed(acct.balances.BTC ?? '0'));
  await runner.reconcile('test end');
  expect(runner.balanceDrift).toEqual({});

  // Every venue trade is booked exactly once, and nothing else is.
  const replayed = await replayJournal(s.journalPath);
  expect(replayed.summary).toEqual(runner.session.summary());
  const booked = replayed.fills.map((f) => f.execId);
  expect(new Set(booked).size).toBe(booked.length);
  expect([...booked].sort()).toEqual(acct.trades.map((t) => t.id).sort());

  // No order was placed twice: one venue order per client id, each sent once per path.
  const venueOrders = [...acct.closedOrders, ...acct.openOrders];
  const clIds = venueOrders.map((o) => o.req.clOrdId);
  expect(new Set(clIds).size).toBe(clIds.length);
  const sends = s.logs().filter((l) => l.msg === 'order sent').map((l) => `${String(l.cid)} ${String(l.via)}`);
  expect(new Set(sends).size).toBe(sends.length);
  for (const o of venueOrders) expect(o.status).toBe('closed');

  return { tradesAfterFault: acct.trades.filter((t) => t.time >= faultTime).length };
}

describe('real mode survives faults; the ledger still matches the venue', () => {
  let s: FaultSession | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it.each(REAL_FAULTS.map((f) => [f.name, f] as const))('%s', async (_name, fault) => {
    s = await startFaultSession('real');
    for (let h = 1; h < FAULT_AT; h++) await s.hour(h);
    const tradesBefore = s.sim.account(TEST_KEY).trades.length;
    expect(tradesBefore).toBeGreaterThan(0);
    const faultTime = s.sim.now();

    await fault.inject(s);
    const resumeFrom = Math.floor(s.sim.now() / HOUR - SIM_START / HOUR) + 1;
    for (let h = resumeFrom; h <= LAST_HOUR + (resumeFrom - FAULT_AT - 1); h++) await s.hour(h);

    const r = await expectLedgerIsVenue(s, faultTime);
    expect(r.tradesAfterFault).toBeGreaterThanOrEqual(3);

    if (fault.lostAnswers) {
      for (const cid of new Set(s.logs().filter((l) => l.msg === 'order sent').map((l) => String(l.cid)))) {
        expect(s.runner.venue!.trackedState(cid)).toBe('closed');
      }
    }
    if (fault.expectUnknown) {
      const unknown = s.logs().filter((l) => l.msg === 'order outcome unknown; reconciliation will settle it');
      expect(unknown.length).toBeGreaterThan(0);
      expect(s.runner.venue!.corrections).toBeGreaterThan(0); // accepted, fill and close came from reconciliation
      const orders = s.sim.account(TEST_KEY).closedOrders;
      for (const u of unknown) expect(orders.find((o) => o.req.clOrdId === u.cid)?.status).toBe('closed');
      // The kernel itself held the order as "unknown" (journaled, so replay does too) until reconciliation settled it.
      const journal = readFileSync(s.journalPath, 'utf8').split('\n').filter((l) => l.includes('"kind":"unknown"'));
      for (const u of unknown) expect(journal.some((l) => l.includes(`"clientId":"${String(u.cid)}"`))).toBe(true);
      expect(s.runner.session.kernel.openOrderList().filter((o) => o.status === 'unknown')).toEqual([]);
    }
  }, 20_000);
});

describe('paper mode survives a disconnect and a silent socket', () => {
  let s: FaultSession | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('bars resume after each fault and the journal replays to the same ledger and hash', async () => {
    s = await startFaultSession('paper');
    const { runner, sim } = s;
    for (let h = 1; h <= 3; h++) await s.hour(h);

    const barsBeforeDrop = runner.session.kernel.candleCount();
    const dropped = runner.session.bars.partialBarsDropped;
    let reconnects = runner.health.reconnects;
    sim.faults.dropConnections();
    s.advanceBlind(4); // trades of this hour are lost: its bar is incomplete and must not be used
    await waitFor(() => runner.health.reconnects > reconnects && runner.health.publicState === 'subscribed', 'feed back after the drop');
    for (let h = 5; h <= 8; h++) await s.hour(h);
    expect(runner.session.kernel.candleCount()).toBeGreaterThan(barsBeforeDrop);
    expect(runner.session.bars.partialBarsDropped).toBeGreaterThan(dropped);

    const barsBeforeSilence = runner.session.kernel.candleCount();
    reconnects = runner.health.reconnects;
    sim.faults.silence();
    s.advanceBlind(9);
    await waitFor(() => runner.health.reconnects > reconnects, 'watchdog noticed the silence');
    sim.faults.resume();
    await waitFor(() => runner.health.publicState === 'subscribed', 'feed back after the silence');
    for (let h = 10; h <= 14; h++) await s.hour(h);
    expect(runner.session.kernel.candleCount()).toBeGreaterThan(barsBeforeSilence + 2);

    const live = runner.session.summary();
    const liveFills = runner.session.recentFills.map((f) => `${f.execId} ${f.side} ${f.qty}@${f.price} fee ${f.fee}`);
    expect(liveFills.length).toBeGreaterThan(0);
    await runner.stop();
    const replayed = await replayJournal(s.journalPath);
    expect(replayed.summary).toEqual(live);
    expect(replayed.fills.map((f) => `${f.execId} ${f.side} ${f.qty}@${f.price} fee ${f.fee}`)).toEqual(liveFills);
  }, 20_000);
});
