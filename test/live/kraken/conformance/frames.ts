/**
 * Hand-written executions frames in the shape of Kraken's documentation examples
 * (docs.kraken.com/api/docs/websocket-v2/executions: the pending_new / new / trade sequence of
 * order OK4GJX-KSTLS-7DZZO5, sequences 8-10, copied in test/fixtures/kraken/ws-v2-executions-*.json),
 * varied one field at a time for each behaviour of the conformance table.
 */
export const DOC_ORDER = 'OK4GJX-KSTLS-7DZZO5';
export const DOC_CID = 'ref:3'; // the docs' order carries order_userref 3 and no cl_ord_id

type Report = Record<string, unknown>;

let seq = 7;
/** One executions update frame; sequences increase across calls, as on one subscription. */
export function frame(...reports: Report[]): string {
  return JSON.stringify({ channel: 'executions', type: 'update', data: reports, sequence: ++seq });
}

export function snapshot(...reports: Report[]): string {
  return JSON.stringify({ channel: 'executions', type: 'snapshot', data: reports, sequence: ++seq });
}

const ids = (o: Partial<Report> = {}): Report => ({ order_id: DOC_ORDER, order_userref: 3, ...o });

export function pendingNew(o: Partial<Report> = {}): Report {
  return {
    ...ids(),
    symbol: 'BTC/USD',
    order_qty: 0.005,
    cum_cost: 0.0,
    time_in_force: 'GTC',
    exec_type: 'pending_new',
    side: 'sell',
    order_type: 'limit',
    limit_price_type: 'static',
    limit_price: 26500.0,
    stop_price: 0.0,
    order_status: 'pending_new',
    fee_usd_equiv: 0.0,
    fee_ccy_pref: 'fciq',
    timestamp: '2023-09-22T10:33:05.709950Z',
    ...o,
  };
}

export function newReport(o: Partial<Report> = {}): Report {
  return { timestamp: '2023-09-22T10:33:05.709982Z', order_status: 'new', exec_type: 'new', ...ids(), ...o };
}

/** A fill; `qty` and `cum` as numbers of BTC. */
export function trade(execId: string, qty: number, cum: number, status: string, o: Partial<Report> = {}): Report {
  const price = 26599.9;
  const cost = Math.round(qty * price * 1e4) / 1e4;
  return {
    ...ids(),
    exec_id: execId,
    exec_type: 'trade',
    trade_id: 62887576,
    symbol: 'BTC/USD',
    side: 'sell',
    last_qty: qty,
    last_price: price,
    liquidity_ind: 't',
    cost,
    order_type: 'limit',
    timestamp: '2023-09-22T10:33:05.709993Z',
    order_status: status,
    cum_qty: cum,
    cum_cost: Math.round(cum * price * 1e4) / 1e4,
    avg_price: price,
    fee_usd_equiv: 0.3458,
    fees: [{ asset: 'USD', qty: 0.3458 }],
    ...o,
  };
}

/** The completion report: no trade fields (README 13.5; fixture ws-v2-executions-filled.SYNTHETIC.json). */
export function filled(cum: number, o: Partial<Report> = {}): Report {
  return { timestamp: '2023-09-22T10:33:05.710010Z', order_status: 'filled', exec_type: 'filled', cum_qty: cum, cum_cost: 132.9995, avg_price: 26599.9, fee_usd_equiv: 0.3458, ...ids(), ...o };
}

export function canceled(cum: number, o: Partial<Report> = {}): Report {
  return {
    timestamp: '2024-05-18T12:58:40.165132Z',
    order_status: 'canceled',
    exec_type: 'canceled',
    cum_qty: cum,
    cum_cost: 0.0,
    fee_usd_equiv: 0.0,
    avg_price: 0.0,
    cancel_reason: 'User requested',
    reason: 'User requested',
    ...ids(),
    ...o,
  };
}

export function expired(cum: number, o: Partial<Report> = {}): Report {
  return { ...canceled(cum), exec_type: 'expired', order_status: 'expired', reason: 'Immediate or cancel', cancel_reason: 'Immediate or cancel', ...o };
}

export function statusReport(o: Partial<Report> = {}): Report {
  return {
    timestamp: '2023-09-22T10:34:00.000000Z',
    exec_type: 'status',
    order_status: 'new',
    triggers: { reference: 'last', price: 26500.0, price_type: 'static', actual_price: 26500.0, status: 'triggered' },
    ...ids(),
    ...o,
  };
}
