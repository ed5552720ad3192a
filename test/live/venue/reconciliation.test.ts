import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { KrakenOrder, KrakenTrade } from '../../../src/live/kraken/rest/schemas.ts';
import { planReconciliation, type ReconcileFacts } from '../../../src/live/venue/reconciliation.ts';

/** Reconciliation from the venue's reports: every fill with Kraken's own cost, fee and fee asset. */
const order = (cid: string, status: KrakenOrder['status'], oflags = 'fciq'): KrakenOrder =>
  ({ cl_ord_id: cid, status, oflags, reason: status === 'canceled' ? 'User requested' : null }) as unknown as KrakenOrder;
const trade = (ordertxid: string, time: number, vol: string, price: string, cost: string, fee: string, type: 'buy' | 'sell' = 'buy', maker = false): KrakenTrade =>
  ({ ordertxid, pair: 'XXBTZUSD', time, type, vol, price, cost, fee, maker, ordertype: 'limit' }) as unknown as KrakenTrade;

const base = (over: Partial<ReconcileFacts>): ReconcileFacts => ({
  working: [],
  orders: [],
  trades: [],
  clientOf: new Map(),
  isOurs: (cid) => cid.startsWith('S-'),
  now: 5_000_000,
  settleAfterMs: 30_000,
  ageOf: () => Infinity,
  ...over,
});

describe('planReconciliation', () => {
  it('books the fills of a working order with Kraken cost and fee, in time order, then its terminal state', () => {
    const plan = planReconciliation(
      base({
        working: [{ clientId: 'S-1', status: 'unknown', pair: 'BTC/USD' }],
        orders: [['O1', order('S-1', 'canceled')]],
        trades: [
          ['T2', trade('O1', 1002, '0.002', '30001.1', '60.00', '0.16')],
          ['T1', trade('O1', 1001, '0.001', '30000.3', '30.00', '0.08', 'buy', true)],
        ],
      }),
    );
    expect(plan.events.map((e) => e.kind)).toEqual(['accepted', 'fill', 'fill', 'canceled']);
    expect(plan.events[1]).toMatchObject({ execId: 'T1', time: 1_001_000, qty: parseFixed('0.001'), price: parseFixed('30000.3'), cost: parseFixed('30.00'), fee: parseFixed('0.08'), feeAsset: 'USD', liquidity: 'maker', pair: 'BTC/USD', side: 'buy' });
    expect(plan.events[2]).toMatchObject({ execId: 'T2', cost: parseFixed('60.00'), orderStatus: 'partially-filled' });
    expect(plan.closed).toEqual(['S-1']);
  });

  it.each([
    ['closed', 'filled', [{ kind: 'filled', clientId: 'S-1' }]],
    ['open', 'partially-filled', []],
  ] as const)('an order %s at the venue: last fill is %s', (status, last, after) => {
    const plan = planReconciliation(base({ working: [{ clientId: 'S-1', status: 'open', pair: 'BTC/USD' }], orders: [['O1', order('S-1', status)]], trades: [['T1', trade('O1', 1, '0.001', '1', '0.001', '0')]] }));
    expect(plan.events).toMatchObject([{ kind: 'fill', orderStatus: last }, ...after]);
  });

  it('an order closed at the venue whose fills were all booked before (none in the window): completed by a filled event, no fill invented', () => {
    const plan = planReconciliation(base({ working: [{ clientId: 'S-1', status: 'partially-filled', pair: 'BTC/USD' }], orders: [['O1', order('S-1', 'closed')]] }));
    expect(plan.events).toEqual([{ kind: 'filled', time: 5_000_000, clientId: 'S-1' }]);
    expect(plan.closed).toEqual(['S-1']);
  });

  it('charges the fee in the base asset for an order placed with fcib', () => {
    const plan = planReconciliation(base({ working: [{ clientId: 'S-1', status: 'open', pair: 'BTC/USD' }], orders: [['O1', order('S-1', 'closed', 'fcib')]], trades: [['T1', trade('O1', 1, '0.01', '30000', '300', '0.00001')]] }));
    expect(plan.events[0]).toMatchObject({ feeAsset: 'BTC', fee: parseFixed('0.00001') });
  });

  it('declares an order missing at the venue never placed only once it is old enough', () => {
    const working = [{ clientId: 'S-1', status: 'pending-new', pair: 'BTC/USD' }];
    expect(planReconciliation(base({ working, ageOf: () => 1_000 })).events).toEqual([]);
    expect(planReconciliation(base({ working, ageOf: () => 60_000 })).events).toMatchObject([{ kind: 'rejected', clientId: 'S-1', reason: 'never reached the venue (reconciliation)' }]);
  });

  it('books trades of our orders the kernel no longer holds (late fills), with pair and side; never those of other sessions', () => {
    const plan = planReconciliation(
      base({
        orders: [['O1', order('S-1', 'closed')], ['O9', order('manual-7', 'closed')]],
        clientOf: new Map([['O2', 'S-2']]),
        trades: [
          ['T1', trade('O1', 10, '0.001', '30000', '30', '0.05', 'sell')],
          ['T2', trade('O2', 11, '0.001', '30000', '30', '0.05')],
          ['T9', trade('O9', 12, '0.5', '30000', '15000', '1')],
          ['T8', trade('O8', 13, '0.5', '30000', '15000', '1')],
        ],
      }),
    );
    expect(plan.events.map((e) => [e.clientId, e.kind === 'fill' ? [e.execId, e.side, e.pair] : e.kind])).toEqual([
      ['S-1', ['T1', 'sell', 'BTC/USD']],
      ['S-2', ['T2', 'buy', 'BTC/USD']],
    ]);
  });
});
