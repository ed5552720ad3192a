/** Conformance rows: values and shapes Kraken may send that a strict schema would refuse. */
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import { DOC_CID, DOC_ORDER, filled, frame, newReport, pendingNew, statusReport, trade } from './frames.ts';
import { restClient } from '../../integration/harness.ts';
import type { ConformanceRow } from './row.ts';
import { sellLimit } from './rows-executions.ts';

const EXEC = 'docs.kraken.com/api/docs/websocket-v2/executions';
const QTY = parseFixed('0.005');

/** A stop-loss-limit sell that the 29940 print triggers and that then rests (its limit is above the bids). */
const stopLimit = () =>
  sellLimit('c1', { order_type: 'stop-loss-limit', limit_price: '29990.0', triggers: { reference: 'last', price: '29950.0' } });

export const lenientRows: ConformanceRow[] = [
  {
    id: 'L01',
    doc: `${EXEC} (exec_type enum; new values appear without notice)`,
    behaviour: 'an unknown exec_type is kept as "unknown", counted, and changes no state',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame({ ...newReport(), exec_type: 'triggered' })] },
    sim: {
      market: ['29940.0'],
      run: async (h) => {
        await h.place(stopLimit());
        h.sim.faults.novelValuesNext(1, { on: ['status'], set: { exec_type: 'triggered' } });
        await h.advance(1000); // the trigger fires; its report comes with an exec_type this client does not know
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }], unknowns: { 'exec_type=triggered': 1 }, unknownsLogged: 1 },
  },
  {
    id: 'L02',
    doc: `${EXEC} (order_status enum; "triggered" is not among the documented values)`,
    behaviour: 'order_status "triggered" on a status report: counted, the order stays open',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(statusReport({ order_status: 'triggered' }))] },
    sim: {
      market: ['29940.0'],
      run: async (h) => {
        await h.place(stopLimit());
        h.sim.faults.novelValuesNext(1, { on: ['status'], set: { order_status: 'triggered' } });
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }], unknowns: { 'order_status=triggered': 1 } },
  },
  {
    id: 'L03',
    doc: `${EXEC} (one frame, several reports)`,
    behaviour: 'an unknown value in one report does not drop the fill next to it in the same frame',
    docs: {
      track: [[DOC_CID, QTY]],
      frames: [frame(newReport()), frame({ ...newReport(), exec_type: 'mystery' }, trade('T1', 0.005, 0.005, 'partially_filled')), frame(filled(0.005))],
    },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        await h.place(sellLimit('c1'));
        h.sim.faults.batchNextExecutions(2); // the trade and the completion in one frame
        h.sim.faults.novelValuesNext(1, { on: ['filled'], set: { exec_type: 'mystery' } });
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }], unknowns: { 'exec_type=mystery': 1 } },
  },
  {
    id: 'L04',
    doc: `${EXEC} (values Kraken adds: order_status, liquidity_ind, extra fields; simulator faults.novelValuesNext)`,
    behaviour: 'new enum values and extra fields on a whole order life: counted once each, the order still completes',
    docs: {
      track: [[DOC_CID, QTY]],
      frames: [
        frame(pendingNew({ order_status: 'triggered', ext_note: { added: 'later' } })),
        frame(newReport({ order_status: 'triggered', ext_note: {} })),
        frame(trade('T1', 0.005, 0.005, 'partially_filled', { liquidity_ind: 'x', ext_note: {} })),
        frame(filled(0.005)),
      ],
    },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.novelValuesNext(3);
        await h.place(sellLimit('c1'));
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }], unknowns: { 'order_status=triggered': 2, 'liquidity_ind=x': 1 }, unknownsLogged: 2 },
  },
  {
    id: 'L05',
    doc: 'README 4 (Order object: cl_ord_id "string or null"); docs examples write nulls where other frames omit fields',
    behaviour: 'cl_ord_id: null reads as absent; the order is followed by its order_id',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport({ cl_ord_id: null })), frame(trade('T1', 0.005, 0.005, 'partially_filled', { cl_ord_id: null })), frame(filled(0.005, { cl_ord_id: null }))] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.novelValuesNext(4, { set: { cl_ord_id: null } }); // pending_new, new, trade, filled
        h.client.track(DOC_CID, QTY);
        const { cl_ord_id: _omit, ...byUserref } = sellLimit('c1');
        const out = await h.ws.addOrder({ ...byUserref, order_userref: 3 });
        if (out.status !== 'accepted') throw new Error(`add_order ${out.status}`);
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.005', fills: 1 }], rejectedReports: 0 },
  },
  {
    id: 'L06',
    doc: `${EXEC} (fields not in this client's schema)`,
    behaviour: 'unknown extra fields are ignored, not a schema error',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport({ sender_sub_id: 'x', brand_new: { nested: [1, 2] } }))] },
    sim: {
      run: async (h) => {
        h.sim.faults.novelValuesNext(1, { on: ['new'], set: { sender_sub_id: 'x', brand_new: { nested: [1, 2] } } });
        await h.place(sellLimit('c1'));
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }], rejectedReports: 0, protocolErrors: 0 },
  },
  {
    id: 'L07',
    doc: `${EXEC} (trade: exec_id, last_qty, last_price)`,
    behaviour: 'a trade report without exec_id cannot be booked: it is set aside and reported; the other report of the frame is processed',
    docs: { track: [[DOC_CID, QTY]], frames: [frame({ ...trade('T1', 0.005, 0.005, 'partially_filled'), exec_id: undefined }, newReport())] },
    sim: {
      market: ['30010.0'],
      run: async (h) => {
        h.sim.faults.partialFills(0.0025);
        await h.place(sellLimit('c1'));
        h.sim.faults.novelValuesNext(1, { on: ['trade'], set: { exec_id: undefined } });
        await h.advance(1000);
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }], rejectedReports: 1 },
  },
  {
    id: 'L08',
    doc: 'docs.kraken.com/api/docs/websocket-v2/status (system: online, cancel_only, maintenance, post_only)',
    behaviour: 'an unknown engine status is counted, the status frame is not dropped',
    docs: { frames: [JSON.stringify({ channel: 'status', type: 'update', data: [{ api_version: 'v2', connection_id: 1, system: 'limit_only', version: '2.0.9' }] })] },
    sim: {
      run: async (h) => {
        h.sim.faults.novelSystemStatusNext('limit_only');
        h.sim.setSystemStatus('online'); // a status update goes out, with the novel value
        await h.settle();
      },
    },
    expect: { orders: [], unknowns: { 'system=limit_only': 1 }, protocolErrors: 0 },
  },
  {
    id: 'L09',
    doc: `${EXEC} (unknown values repeat)`,
    behaviour: 'the same unknown value twice: counted twice, logged once',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport({ order_status: 'queued' })), frame(newReport({ order_status: 'queued', timestamp: '2023-09-22T10:33:06Z' }))] },
    sim: {
      run: async (h) => {
        h.sim.faults.novelValuesNext(2, { on: ['pending_new', 'new'], set: { order_status: 'queued' } });
        await h.place(sellLimit('c1'));
      },
    },
    expect: { unknowns: { 'order_status=queued': 2 }, unknownsLogged: 1 },
  },
  {
    id: 'L10',
    doc: `${EXEC} (triggers object with nulls)`,
    behaviour: 'null members of triggers read as absent',
    docs: { track: [[DOC_CID, QTY]], frames: [frame(newReport()), frame(statusReport({ triggers: { reference: 'last', price: 26500.0, price_type: 'static', actual_price: null, peak_price: null, status: 'untriggered' } }))] },
    sim: {
      run: async (h) => {
        // Members the order does not use written as null (README 4: "string or null").
        h.sim.faults.novelValuesNext(1, {
          on: ['pending_new'],
          set: { triggers: { reference: 'last', price: 29950.0, price_type: 'static', actual_price: null, peak_price: null, status: 'untriggered' } },
        });
        await h.place(stopLimit());
      },
    },
    expect: { orders: [{ status: 'open', filled: '0', fills: 0 }], rejectedReports: 0 },
  },
  {
    id: 'L11',
    doc: 'docs.kraken.com/api/docs/websocket-v2/trade (ord_type limit/market)',
    behaviour: 'an unknown public trade ord_type is counted, the trade frame kept',
    docs: { frames: [JSON.stringify({ channel: 'trade', type: 'update', data: [{ symbol: 'BTC/USD', side: 'buy', price: 26599.9, qty: 0.1, ord_type: 'iceberg', trade_id: 4503599627370496, timestamp: '2023-09-22T10:33:05.709993Z' }] })] },
    sim: {
      market: ['30000.0'],
      executions: false,
      publicTrades: true,
      run: async (h) => {
        h.sim.faults.novelValuesNext(1, { channel: 'trade', set: { ord_type: 'iceberg' } });
        await h.advance(1000);
      },
    },
    expect: { unknowns: { 'ord_type=iceberg': 1 }, protocolErrors: 0 },
  },
  {
    id: 'L12',
    doc: `${EXEC} (order_id of an order placed by another session)`,
    behaviour: 'a report of an order without client id or userref is followed by order_id and still booked',
    docs: { frames: [frame({ ...trade('T9', 0.001, 0.001, 'filled'), order_userref: 0, order_id: DOC_ORDER.replace('OK4', 'OX9') })] },
    sim: {
      run: async (h) => {
        // Another program's market buy over REST: no cl_ord_id, userref 0, not tracked by this client.
        const other = restClient(h.sim, { clientOrderId: false });
        try {
          await other.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.001' });
        } finally {
          await other.close();
        }
        await h.settle();
      },
    },
    expect: { orders: [{ status: 'filled', filled: '0.001', fills: 1 }] },
  },
];
