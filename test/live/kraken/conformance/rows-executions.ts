/** Conformance rows: order lifecycle on the executions channel. */
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import type { AddOrderParams } from '../../../../src/live/kraken/ws/messages/requests.ts';
import { canceled, DOC_CID, expired, filled, frame, newReport, pendingNew, snapshot, statusReport, trade } from './frames.ts';
import type { ConformanceRow } from './row.ts';
import { subscribed } from '../../integration/harness.ts';
import type { SimRun } from './sim-driver.ts';

const EXEC = 'docs.kraken.com/api/docs/websocket-v2/executions';
const ADD = 'docs.kraken.com/api/docs/websocket-v2/add_order';
const QTY = parseFixed('0.005');

/** A resting sell of 0.005 BTC above the market (30000); a print at 30010 goes through it. */
export const sellLimit = (cid: string, extra: Partial<AddOrderParams> = {}): AddOrderParams => ({
  order_type: 'limit',
  side: 'sell',
  order_qty: '0.005',
  limit_price: '30005.0',
  symbol: 'BTC/USD',
  cl_ord_id: cid,
  ...extra,
});

const place = (h: SimRun, extra: Partial<AddOrderParams> = {}) => h.place(sellLimit('c1', extra));

export const executionRows: ConformanceRow[] = [
  {
    id: 'E01',
    doc: `${EXEC} (exec_type pending_new, new)`,
    behaviour: 'pending_new then new: the order is open, nothing filled',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew()), frame(newReport())] },
    sim: { run: async (h) => void (await place(h)) },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }] },
  },
  {
    id: 'E02',
    doc: `${EXEC} (exec_type trade, order_status partially_filled)`,
    behaviour: 'one partial fill leaves the order partially filled',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew()), frame(newReport()), frame(trade('T1', 0.0025, 0.0025, 'partially_filled'))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await place(h);
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'partially-filled', filled: '0.0025', fills: 1 }] },
  },
  {
    id: 'E03',
    doc: `${EXEC} (trade example: order_status partially_filled with cum_qty = order_qty; README 13.5)`,
    behaviour: 'the docs trade example alone (no filled report) completes the order: cum_qty reached order_qty',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew()), frame(newReport()), frame(trade('T1', 0.005, 0.005, 'partially_filled'))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        await place(h);
        h.sim.faults.dropNextCompletion(); // the filled report after the trade is lost
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }], reconcileRequests: 0 },
  },
  {
    id: 'E04',
    doc: `${EXEC} (exec_type filled: "order completely filled", separate from the trade)`,
    behaviour: 'split completion: trade (partially_filled) then filled without trade fields -> filled, one fill',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew()), frame(newReport()), frame(trade('T1', 0.005, 0.005, 'partially_filled')), frame(filled(0.005))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        await place(h);
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }], reconcileRequests: 0 },
  },
  {
    id: 'E05',
    doc: `${EXEC} (captured trade snapshots show order_status filled on the trade)`,
    behaviour: 'a trade that says filled completes the order; a following filled report changes nothing',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T1', 0.005, 0.005, 'filled')), frame(filled(0.005))] },
    sim: {
      market: ['30010.0'],
      options: { strict: false },
      run: async (h) => {
        await place(h);
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E06',
    doc: `${EXEC} (several trade reports, cum_qty accumulating)`,
    behaviour: 'two partial fills then the filled report: filled, both fills booked',
    docs: {
      track: [[DOC_CID, QTY]],
      frames: [frame(newReport()), frame(trade('T1', 0.0025, 0.0025, 'partially_filled')), frame(trade('T2', 0.0025, 0.005, 'partially_filled')), frame(filled(0.005))],
    },
    sim: {
      market: ['30010.0', '30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await place(h);
        await h.advance(2000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 2 }] },
  },
  {
    id: 'E07',
    doc: `${EXEC} (exec_type canceled, cum_qty)`,
    behaviour: 'cancel after a partial fill: canceled, the partial fill stays booked',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T1', 0.0025, 0.0025, 'partially_filled')), frame(canceled(0.0025))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await place(h);
        await h.advance(1000);
        await h.ws.cancelOrder({ cl_ord_id: ['c1'] });
      },
    },
    expect: { orders: [{ status: 'canceled', filled: '0.0025', fills: 1 }] },
  },
  {
    id: 'E08',
    doc: `${EXEC} (exec_type canceled; capture ws-v2-executions-canceled.json)`,
    behaviour: 'cancel of an unfilled order',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(canceled(0))] },
    sim: {
      run: async (h) => {
        await place(h);
        await h.ws.cancelOrder({ cl_ord_id: ['c1'] });
      },
    },
    expect: { orders: [{ status: 'canceled', filled: '0', fills: 0 }] },
  },
  {
    id: 'E09',
    doc: `${EXEC} (exec_type expired: IOC remainder); ${ADD} (time_in_force ioc)`,
    behaviour: 'IOC limit that cannot trade expires',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew({ time_in_force: 'IOC' })), frame(expired(0))] },
    sim: { run: async (h) => void (await place(h, { time_in_force: 'ioc' })) },
    expect: { orders: [{ status: 'expired', filled: '0', fills: 0 }] },
  },
  {
    id: 'E10',
    doc: `${ADD} (time_in_force gtd, expire_time); ${EXEC} (exec_type expired)`,
    behaviour: 'GTD order expires at its expire_time',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew({ time_in_force: 'GTD', expire_time: '2023-09-22T10:35:00.000000Z' })), frame(newReport()), frame(expired(0, { reason: 'Order expired' }))] },
    sim: {
      run: async (h) => {
        await place(h, { time_in_force: 'gtd', expire_time: new Date(h.sim.now() + 5000).toISOString() });
        await h.advance(10_000);
      },
    },
    expect: { orders: [{ status: 'expired', filled: '0', fills: 0 }] },
  },
  {
    id: 'E11',
    doc: `${EXEC} (exec_type filled) with a trade this client never received`,
    behaviour: 'filled report while fills are missing: reconciliation is requested, nothing invented',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T1', 0.0025, 0.0025, 'partially_filled')), frame(filled(0.005))] },
    sim: {
      market: ['30010.0', '30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await place(h);
        await h.advance(1000);
        h.sim.faults.dropNextExecutions(1); // the second trade report never arrives; the filled report does
        await h.advance(2000);
      },
    },
    expect: { orders: [{ status: 'partially-filled', filled: '0.0025', fills: 1 }], reconcileRequests: 1 },
  },
  {
    id: 'E12',
    doc: 'docs.kraken.com/api/docs/websocket-v2/executions (sequence); README 10.1',
    behaviour: 'a duplicated frame (same exec_id) is booked once',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), ...Array(2).fill(frame(trade('T1', 0.005, 0.005, 'partially_filled'))), frame(filled(0.005))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        await place(h);
        h.sim.faults.duplicateNext(4);
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E13',
    doc: `${EXEC} (snap_trades: "the last 50 order fills will be included in snapshot")`,
    behaviour: 'a fill seen in an update and again in a reconnect snapshot is booked once',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T1', 0.005, 0.005, 'partially_filled')), snapshot(trade('T1', 0.005, 0.005, 'filled'))] },
    sim: {
      market: ['30010.0'],
      subscription: { snap_trades: true },
      run: async (h) => {
        await place(h);
        await h.advance(1000);
        // A new subscription (as after a reconnect) snapshots the last 50 fills, this one included.
        h.ws.unsubscribe({ channel: 'executions' });
        h.ws.subscribe({ channel: 'executions', snap_orders: true, snap_trades: true });
        await subscribed(h.ws);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E14',
    doc: `${EXEC} (exec_type amended: amended true, new order_qty)`,
    behaviour: 'an amend changes no fill state',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame({ timestamp: '2024-10-13T13:38:39.273886Z', exec_type: 'amended', order_status: 'new', cum_qty: 0, reason: 'User requested', amended: true, order_qty: 0.005, limit_price: 26400.0, limit_price_type: 'static', order_userref: 3, order_id: 'OK4GJX-KSTLS-7DZZO5' })] },
    sim: {
      run: async (h) => {
        await place(h);
        const out = await h.ws.amendOrder({ cl_ord_id: 'c1', order_qty: '0.005', limit_price: '30006.0' });
        if (out.status !== 'accepted') throw new Error(`amend_order ${out.status}`);
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }] },
  },
  {
    id: 'E15',
    doc: `${EXEC} (exec_type restated, iceberg_refill)`,
    behaviour: 'an engine restatement and an iceberg refill after the shown part traded change no fill state',
    docs: {
      track: [[DOC_CID, QTY]],
      frames: [
        frame(newReport()),
        frame({ ...newReport(), exec_type: 'restated', reason: 'Engine' }),
        frame(trade('T1', 0.001, 0.001, 'partially_filled', { order_type: 'iceberg' })),
        frame({ ...newReport(), exec_type: 'iceberg_refill', order_status: 'partially_filled' }),
      ],
    },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.001); // the market meets only the shown part
        await h.place(sellLimit('c1', { order_type: 'iceberg', display_qty: '0.001' }));
        h.sim.engine.restateOpenOrders('Engine');
        await h.advance(1000); // the print takes the shown 0.001; the engine shows the next 0.001
      },
    },
    expect: { orders: [{ status: 'partially-filled', filled: '0.001', fills: 1 }] },
  },
  {
    id: 'E16',
    doc: `${EXEC} (exec_type status; triggers.status triggered); ${ADD} (triggers)`,
    behaviour: 'a stop whose trigger fires: status report, then its fill and completion',
    docs: {
      track: [[DOC_CID, QTY]],
      frames: [frame(pendingNew({ order_type: 'stop-loss' })), frame(newReport()), frame(statusReport()), frame(trade('T1', 0.005, 0.005, 'partially_filled', { order_type: 'stop-loss' })), frame(filled(0.005))],
    },
    sim: {
      market: ['29940.0'],
      run: async (h) => {
        await h.place({ order_type: 'stop-loss', side: 'sell', order_qty: '0.005', symbol: 'BTC/USD', cl_ord_id: 'c1', triggers: { reference: 'last', price: '29950.0' } });
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E17',
    doc: `${EXEC} (trade after canceled: fills racing a cancel)`,
    behaviour: 'a fill reported after the cancel is booked; the order stays canceled',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(canceled(0)), frame(trade('T1', 0.0025, 0.0025, 'canceled'))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await place(h);
        h.sim.faults.reorderNext(2); // the trade report is overtaken by the cancel's report
        await h.advance(1000);
        await h.ws.cancelOrder({ cl_ord_id: ['c1'] });
      },
    },
    expect: { orders: [{ status: 'canceled', filled: '0.0025', fills: 1 }] },
  },
  {
    id: 'E18',
    doc: `${ADD} (cash_order_qty: market buys in quote units); ${EXEC}`,
    behaviour: 'quote-sized market buy: the partially_filled fill is held until the filled report completes it',
    docs: {
      track: [[DOC_CID, undefined]],
      frames: [
        frame(pendingNew({ side: 'buy', order_type: 'market', order_qty: undefined, cash_order_qty: 150.0, limit_price: undefined })),
        frame(newReport()),
        frame(trade('T1', 0.005, 0.005, 'partially_filled', { side: 'buy', order_type: 'market' })),
        frame(filled(0.005)),
      ],
    },
    sim: { run: async (h) => void (await h.place({ order_type: 'market', side: 'buy', cash_order_qty: '150', symbol: 'BTC/USD', cl_ord_id: 'c1' } as AddOrderParams)) },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E19',
    doc: `${ADD} (cash_order_qty); ${EXEC} (exec_type canceled after a trade)`,
    behaviour: 'quote-sized order: a held fill followed by a cancel is booked as partial, then canceled',
    docs: {
      track: [[DOC_CID, undefined]],
      frames: [frame(newReport()), frame(trade('T1', 0.004, 0.004, 'partially_filled', { side: 'buy', order_type: 'market' })), frame(canceled(0.004, { reason: 'Insufficient liquidity' }))],
    },
    sim: {
      options: { book: { levels: 1 } },
      balances: { USD: '1000000', BTC: '2' },
      // One ask level: the quote amount buys more than the book holds; the rest is canceled.
      run: async (h) => void (await h.place({ order_type: 'market', side: 'buy', cash_order_qty: '500000', symbol: 'BTC/USD', cl_ord_id: 'c1' } as AddOrderParams)),
    },
    expect: { orders: [{ status: 'canceled', fills: 1 }] }, // filled quantity: whatever the one level held
  },
  {
    id: 'E20',
    doc: `${ADD} (post_only); ${EXEC} (canceled, reason "Post only order")`,
    behaviour: 'a post-only order that would take is accepted, then canceled',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(pendingNew({ post_only: true })), frame(newReport()), frame(canceled(0, { reason: 'Post only order' }))] },
    sim: { run: async (h) => void (await place(h, { limit_price: '29000.0', post_only: true })) },
    expect: { orders: [{ status: 'canceled', filled: '0', fills: 0 }] },
  },
  {
    id: 'E21',
    doc: `${EXEC} (order_status filter: "only open / close transitions: new, filled, canceled, expired")`,
    behaviour: 'with order_status=false only new/filled arrive besides trades; the order still completes',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T1', 0.005, 0.005, 'partially_filled')), frame(filled(0.005))] },
    sim: {
      market: ['30010.0'],
      subscription: { order_status: false },
      run: async (h) => {
        await place(h);
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E22',
    doc: `${EXEC} (fees: [{asset, qty}]; fee_ccy_pref fcib)`,
    behaviour: 'a fill with its fee charged in base is booked like any other fill',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T1', 0.005, 0.005, 'partially_filled', { fees: [{ asset: 'BTC', qty: 0.000013 }] })), frame(filled(0.005))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        await place(h, { fee_preference: 'base' });
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }] },
  },
  {
    id: 'E23',
    doc: `${EXEC} (sequence: per-subscription numbering; cum_qty)`,
    behaviour: 'a lost trade frame: the next fill shows cum_qty above what was seen; it is left to reconciliation, the order is not completed short',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(trade('T2', 0.0025, 0.005, 'partially_filled')), frame(filled(0.005))] },
    sim: {
      market: ['30010.0', '30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await place(h);
        h.sim.faults.dropNextExecutions(1); // the first trade report never arrives
        await h.advance(2000);
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }], reconcileRequests: 2 },
  },
];
