import { z } from 'zod';
import { lenientEnum, withoutNulls } from './lenient.ts';
import { bigInteger, decimal, integer, nonNegativeDecimal, opaque, side, timestamp } from './primitives.ts';

/**
 * Private channel frames (README 10.5): executions and balances. Decimals are exact text.
 * Enums Kraken may extend are lenient (unknown -> "unknown", recorded; see lenient.ts), nulls are
 * read as absent, extra fields are ignored, and one unparseable report in an `executions` frame
 * is set aside (`rejected`) while the others are processed.
 * Source: docs.kraken.com/api/docs/websocket-v2/executions ("Update Response": exec_type,
 * order_status, liquidity_ind).
 */

export const EXEC_TYPES = [
  'pending_new',
  'new',
  'trade',
  'filled',
  'canceled',
  'expired',
  'amended',
  'restated',
  'iceberg_refill',
  'status',
] as const;
export const execType = lenientEnum('exec_type', EXEC_TYPES);
export type ExecType = z.infer<typeof execType>;

export const ORDER_STATUSES = ['pending_new', 'new', 'partially_filled', 'filled', 'canceled', 'expired'] as const;
export const orderStatus = lenientEnum('order_status', ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatus>;

const triggers = z.preprocess(withoutNulls, z.object({
  reference: z.string().optional(),
  price: decimal.optional(),
  price_type: z.string().optional(),
  actual_price: decimal.optional(),
  peak_price: decimal.optional(),
  last_price: decimal.optional(),
  status: z.string().optional(),
  timestamp: timestamp.optional(),
}));

const executionReportObject = z
  .object({
    exec_type: execType,
    order_id: z.string(),
    timestamp,
    order_status: orderStatus.optional(),
    cl_ord_id: z.string().optional(),
    order_userref: integer.optional(),
    symbol: z.string().optional(),
    side: side.optional(),
    order_type: z.string().optional(),
    order_qty: nonNegativeDecimal.optional(),
    cash_order_qty: nonNegativeDecimal.optional(),
    limit_price: decimal.optional(),
    limit_price_type: z.string().optional(),
    display_qty: nonNegativeDecimal.optional(),
    time_in_force: z.string().optional(),
    post_only: z.boolean().optional(),
    reduce_only: z.boolean().optional(),
    margin: z.boolean().optional(),
    margin_borrow: z.boolean().optional(),
    liquidated: z.boolean().optional(),
    fee_ccy_pref: z.string().optional(),
    effective_time: timestamp.optional(),
    expire_time: timestamp.optional(),
    triggers: triggers.optional(),
    contingent: opaque.optional(),
    position_status: z.string().optional(),
    sender_sub_id: z.string().optional(),
    ext_ord_id: z.string().optional(),
    ext_exec_id: z.string().optional(),
    amended: z.boolean().optional(),
    reason: z.string().optional(),
    user: z.string().optional(),
    // fills (exec_type "trade")
    exec_id: z.string().optional(),
    trade_id: bigInteger.optional(),
    last_qty: nonNegativeDecimal.optional(),
    last_price: nonNegativeDecimal.optional(),
    cost: decimal.optional(),
    liquidity_ind: lenientEnum('liquidity_ind', ['m', 't']).optional(),
    fees: z.array(z.object({ asset: z.string(), qty: decimal })).optional(),
    fee_usd_equiv: decimal.optional(),
    cum_qty: nonNegativeDecimal.optional(),
    cum_cost: decimal.optional(),
    avg_price: decimal.optional(),
    // deprecated but still sent
    cancel_reason: z.string().optional(),
    stop_price: decimal.optional(),
    trigger: z.string().optional(),
    triggered_price: decimal.optional(),
  })
  .superRefine((r, ctx) => {
    // A fill without its execution id or quantities cannot be booked or deduplicated.
    if (r.exec_type !== 'trade') return;
    for (const field of ['exec_id', 'last_qty', 'last_price'] as const) {
      if (r[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `required when exec_type is "trade"` });
    }
  });

export const executionReport = z.preprocess(withoutNulls, executionReportObject);

/** One report of a frame that could not be parsed; the rest of the frame still is. */
export interface RejectedReport {
  readonly index: number;
  readonly problems: readonly string[];
}

const reports = z.array(z.unknown()).transform((items) => {
  const data: z.infer<typeof executionReport>[] = [];
  const rejected: RejectedReport[] = [];
  items.forEach((item, index) => {
    const r = executionReport.safeParse(item);
    if (r.success) data.push(r.data);
    else rejected.push({ index, problems: r.error.issues.map((i) => `data[${index}].${i.path.join('.') || '(root)'}: ${i.message}`) });
  });
  return { data, rejected };
});

export const executionsMessage = z
  .object({
    channel: z.literal('executions'),
    type: z.enum(['snapshot', 'update']),
    data: reports,
    sequence: integer,
  })
  .transform(({ data, ...rest }) => ({ ...rest, data: data.data, rejected: data.rejected }));

const wallet = z.object({ type: z.string(), id: z.string(), balance: decimal });
export const balanceSnapshotEntry = z.object({
  asset: z.string(),
  asset_class: z.string(),
  balance: decimal,
  wallets: z.array(wallet).optional(),
});
export const balanceLedgerUpdate = z.object({
  ledger_id: z.string(),
  ref_id: z.string(),
  timestamp,
  type: z.string(),
  subtype: z.string().optional(),
  category: z.string().optional(),
  asset: z.string(),
  asset_class: z.string(),
  wallet_type: z.string().optional(),
  wallet_id: z.string().optional(),
  amount: decimal,
  fee: decimal,
  balance: decimal,
});

export const balancesMessage = z.discriminatedUnion('type', [
  z.object({ channel: z.literal('balances'), type: z.literal('snapshot'), data: z.array(balanceSnapshotEntry), sequence: integer }),
  z.object({ channel: z.literal('balances'), type: z.literal('update'), data: z.array(balanceLedgerUpdate), sequence: integer }),
]);

export type ExecutionReport = z.infer<typeof executionReport>;
export type ExecutionsMessage = z.infer<typeof executionsMessage>;
export type BalanceSnapshotEntry = z.infer<typeof balanceSnapshotEntry>;
export type BalanceLedgerUpdate = z.infer<typeof balanceLedgerUpdate>;
export type BalancesMessage = z.infer<typeof balancesMessage>;
