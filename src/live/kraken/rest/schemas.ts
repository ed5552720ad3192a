/**
 * zod schemas for every Kraken REST `result` this client reads.
 *
 * Leniency mirrors Kraken's own habits: decimals arrive as strings but sometimes as JSON numbers,
 * timestamps and integers sometimes as strings (`"opentm": "1705260547.472000"`, `"userref": "0"`),
 * the docs write `"refid": "None"` where the API sends null. Money stays a decimal **string**
 * (exact); callers convert with `parseFixed`. Unknown extra fields are kept (loose objects),
 * because Kraken adds fields over time.
 */
import { z } from 'zod';

const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal kept as exact text. JSON numbers are accepted and rendered with `String()`. */
export const decimal = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((s) => DECIMAL_RE.test(s), { message: 'expected a decimal number' });

/** A (possibly fractional) number that may arrive as a string, e.g. Unix times. */
export const numeric = z
  .union([z.number(), z.string().regex(DECIMAL_RE, 'expected a numeric string')])
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

/** An integer that may arrive as a string. */
export const integer = z
  .union([z.number().int(), z.string().regex(/^[+-]?\d+$/, 'expected an integer string')])
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

/**
 * An integer id kept exact as a bigint: Kraken's trade ids are integers that may pass 2^53; the
 * client parses REST bodies losslessly (such a literal arrives as its digits), so none is rounded.
 */
export const integerId = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/, 'expected an integer')])
  .transform((v) => BigInt(v));

/** `null`, `"None"` (docs examples) or a string. */
const nullableRef = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v === undefined || v === null || v === 'None' ? null : v));

const orderStatus = z.enum(['pending', 'open', 'closed', 'canceled', 'expired']);

export const orderDescriptionSchema = z.looseObject({
  pair: z.string(),
  type: z.enum(['buy', 'sell']),
  ordertype: z.string(),
  price: decimal,
  price2: decimal,
  leverage: z.string(),
  order: z.string(),
  close: z.string().optional(),
});

export const orderSchema = z.looseObject({
  refid: nullableRef,
  userref: z.union([integer, z.null()]).optional().transform((v) => v ?? null),
  cl_ord_id: z.union([z.string(), z.null()]).optional().transform((v) => v ?? null),
  status: orderStatus,
  opentm: numeric,
  starttm: numeric,
  expiretm: numeric,
  closetm: numeric.optional(),
  reason: z.union([z.string(), z.null()]).optional(),
  descr: orderDescriptionSchema,
  vol: decimal,
  vol_exec: decimal,
  cost: decimal,
  fee: decimal,
  price: decimal,
  stopprice: decimal.optional(),
  limitprice: decimal.optional(),
  trigger: z.string().optional(),
  margin: z.boolean().optional(),
  misc: z.string(),
  oflags: z.string(),
  trades: z.array(z.string()).optional(),
});
export type KrakenOrder = z.output<typeof orderSchema>;
export type KrakenOrderStatus = z.output<typeof orderStatus>;

export const tradeSchema = z.looseObject({
  ordertxid: z.string(),
  postxid: z.string().optional(),
  pair: z.string(),
  time: numeric,
  type: z.enum(['buy', 'sell']),
  ordertype: z.string(),
  price: decimal,
  cost: decimal,
  fee: decimal,
  vol: decimal,
  margin: decimal.optional(),
  leverage: z.string().optional(),
  misc: z.string().optional(),
  trade_id: integerId.optional(),
  maker: z.boolean().optional(),
  ledgers: z.array(z.string()).optional(),
});
export type KrakenTrade = z.output<typeof tradeSchema>;

export const ledgerEntrySchema = z.looseObject({
  refid: z.string(),
  time: numeric,
  type: z.string(),
  subtype: z.string().optional(),
  aclass: z.string().optional(),
  asset: z.string(),
  amount: decimal,
  fee: decimal,
  balance: decimal,
});
export type KrakenLedgerEntry = z.output<typeof ledgerEntrySchema>;

// ---- public ----

export const timeSchema = z.looseObject({ unixtime: integer, rfc1123: z.string() });

export const systemStatusSchema = z.looseObject({
  status: z.string(), // online | maintenance | cancel_only | post_only (kept open: new states appear)
  timestamp: z.string(),
});

export const assetInfoSchema = z.looseObject({
  aclass: z.string(),
  altname: z.string(),
  decimals: integer,
  display_decimals: integer,
  collateral_value: decimal.optional(),
  status: z.string().optional(),
});
export const assetsSchema = z.record(z.string(), assetInfoSchema);

const feeTier = z.tuple([decimal, decimal]);
export const assetPairSchema = z.looseObject({
  altname: z.string(),
  wsname: z.string().optional(),
  aclass_base: z.string(),
  base: z.string(),
  aclass_quote: z.string(),
  quote: z.string(),
  lot: z.string().optional(),
  cost_decimals: integer.optional(),
  pair_decimals: integer,
  lot_decimals: integer,
  lot_multiplier: integer.optional(),
  leverage_buy: z.array(integer).optional(),
  leverage_sell: z.array(integer).optional(),
  fees: z.array(feeTier).optional(),
  fees_maker: z.array(feeTier).optional(),
  fee_volume_currency: z.string().optional(),
  margin_call: integer.optional(),
  margin_stop: integer.optional(),
  ordermin: decimal.optional(),
  costmin: decimal.optional(),
  tick_size: decimal.optional(),
  status: z.string().optional(),
  long_position_limit: integer.optional(),
  short_position_limit: integer.optional(),
  execution_venue: z.string().optional(),
});
export type KrakenAssetPair = z.output<typeof assetPairSchema>;
export const assetPairsSchema = z.record(z.string(), assetPairSchema);

const pairOfDecimals = z.tuple([decimal, decimal]);
export const tickerEntrySchema = z.looseObject({
  a: z.tuple([decimal, decimal, decimal]),
  b: z.tuple([decimal, decimal, decimal]),
  c: pairOfDecimals,
  v: pairOfDecimals,
  p: pairOfDecimals,
  t: z.tuple([integer, integer]),
  l: pairOfDecimals,
  h: pairOfDecimals,
  o: decimal,
});
export const tickerSchema = z.record(z.string(), tickerEntrySchema);

const ohlcRow = z
  .tuple([integer, decimal, decimal, decimal, decimal, decimal, decimal, integer])
  .transform(([time, open, high, low, close, vwap, volume, count]) => ({ time, open, high, low, close, vwap, volume, count }));
export type KrakenCandle = z.output<typeof ohlcRow>;

const tradeRow = z
  .tuple([decimal, decimal, numeric, z.enum(['b', 's']), z.enum(['m', 'l']), z.string(), integerId])
  .rest(z.unknown())
  .transform(([price, volume, time, side, orderType, misc, tradeId]) => ({ price, volume, time, side, orderType, misc, tradeId }));
export type KrakenPublicTrade = z.output<typeof tradeRow>;

/** Results shaped `{ <pairId>: rows, last }` (OHLC, Trades): one pair per request. */
function singlePairWithLast<Row extends z.ZodType, Last extends z.ZodType>(row: Row, last: Last) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((obj, ctx) => {
      const pairs = Object.keys(obj).filter((k) => k !== 'last');
      if (pairs.length !== 1) ctx.addIssue({ code: 'custom', message: `expected exactly one pair key besides "last", got [${pairs.join(', ')}]` });
      if (!('last' in obj)) ctx.addIssue({ code: 'custom', message: 'missing "last"', path: ['last'] });
    })
    .pipe(z.record(z.string(), z.unknown()))
    .transform((obj, ctx) => {
      const pair = Object.keys(obj).find((k) => k !== 'last') as string;
      const rows = z.array(row).safeParse(obj[pair]);
      const lastParsed = last.safeParse(obj.last);
      for (const r of [rows, lastParsed]) {
        if (!r.success) {
          const prefix = r === rows ? [pair] : ['last'];
          for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [...prefix, ...issue.path] } as never);
        }
      }
      if (!rows.success || !lastParsed.success) return z.NEVER;
      return { pair, rows: rows.data as z.output<Row>[], last: lastParsed.data as z.output<Last> };
    });
}

/** `last` is documented as an integer; a ccxt capture has it as a string. Both parse to a number. */
export const ohlcSchema = singlePairWithLast(ohlcRow, integer).transform(({ pair, rows, last }) => ({ pair, candles: rows, last }));
export type KrakenOhlcResult = z.output<typeof ohlcSchema>;

/** `last` is a nanosecond id string to pass back as `since`. */
export const tradesSchema = singlePairWithLast(tradeRow, z.union([z.string(), z.number()]).transform(String)).transform(
  ({ pair, rows, last }) => ({ pair, trades: rows, last }),
);
export type KrakenTradesResult = z.output<typeof tradesSchema>;

const bookLevel = z
  .tuple([decimal, decimal, numeric])
  .transform(([price, volume, timestamp]) => ({ price, volume, timestamp }));
export const depthSchema = z.record(z.string(), z.looseObject({ asks: z.array(bookLevel), bids: z.array(bookLevel) }));
export type KrakenDepthResult = z.output<typeof depthSchema>;

// ---- private ----

export const balanceSchema = z.record(z.string(), decimal);

export const balanceExSchema = z.record(
  z.string(),
  z.looseObject({
    balance: decimal,
    hold_trade: decimal,
    credit: decimal.optional(),
    credit_used: decimal.optional(),
  }),
);

export const tradeBalanceSchema = z.looseObject({
  eb: decimal,
  tb: decimal,
  m: decimal.optional(),
  n: decimal.optional(),
  c: decimal.optional(),
  v: decimal.optional(),
  e: decimal.optional(),
  mf: decimal.optional(),
  ml: decimal.optional(),
  uv: decimal.optional(),
});

export const openOrdersSchema = z.looseObject({ open: z.record(z.string(), orderSchema) });
export const closedOrdersSchema = z.looseObject({ closed: z.record(z.string(), orderSchema), count: integer.optional() });
export const queryOrdersSchema = z.record(z.string(), orderSchema);
export const tradesHistorySchema = z.looseObject({ trades: z.record(z.string(), tradeSchema), count: integer.optional() });
export const ledgersSchema = z.looseObject({ ledger: z.record(z.string(), ledgerEntrySchema), count: integer.optional() });

export const addOrderSchema = z.looseObject({
  descr: z.looseObject({ order: z.string(), close: z.string().optional() }).optional(),
  /** Absent when `validate` was set. */
  txid: z.array(z.string()).optional(),
});
export type KrakenAddOrderResult = z.output<typeof addOrderSchema>;

export const cancelOrderSchema = z.looseObject({ count: integer, pending: z.boolean().optional() });
export const cancelAllSchema = z.looseObject({ count: integer });
export const cancelAllOrdersAfterSchema = z.looseObject({ currentTime: z.string(), triggerTime: z.string() });
export const webSocketsTokenSchema = z.looseObject({ token: z.string(), expires: integer });

/** Envelope of every REST response. */
export const envelopeSchema = z.looseObject({
  error: z.array(z.string()),
  result: z.unknown().optional(),
});

/** Formats the first few zod issues as `path: message (got value)` for error messages. */
export function describeIssues(error: z.ZodError, input: unknown, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((issue) => {
      const path = issue.path.map(String).join('.') || '(root)';
      const got = valueAt(input, issue.path);
      const shown = got === undefined ? 'missing' : truncate(JSON.stringify(got) ?? String(got), 80);
      return `${path}: ${issue.message} (got ${shown})`;
    })
    .join('; ') + (error.issues.length > max ? `; and ${error.issues.length - max} more` : '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n) + '…';
}
