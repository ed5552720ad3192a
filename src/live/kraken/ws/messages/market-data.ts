import { z } from 'zod';
import { lenientEnum } from './lenient.ts';
import { bigInteger, decimal, integer, nonNegativeDecimal, side, timestamp } from './primitives.ts';

/** Public channel frames of Kraken WebSocket v2 (README 10.2, 10.4). Decimals are exact text. */

const updateType = z.enum(['snapshot', 'update']);

// Lenient: Kraken documents more engine states for pairs (limit_only, reduce_only) and may add some here.
export const systemStatus = lenientEnum('system', ['online', 'cancel_only', 'maintenance', 'post_only']);
export type SystemStatus = z.infer<typeof systemStatus>;

export const statusMessage = z.object({
  channel: z.literal('status'),
  type: updateType,
  data: z.array(
    z.object({
      api_version: z.string(),
      connection_id: bigInteger,
      system: systemStatus,
      version: z.string(),
    }),
  ),
});

export const heartbeatMessage = z.object({ channel: z.literal('heartbeat') });

export const tickerData = z.object({
  symbol: z.string(),
  bid: nonNegativeDecimal,
  bid_qty: nonNegativeDecimal,
  ask: nonNegativeDecimal,
  ask_qty: nonNegativeDecimal,
  last: nonNegativeDecimal,
  volume: nonNegativeDecimal,
  vwap: nonNegativeDecimal,
  low: nonNegativeDecimal,
  high: nonNegativeDecimal,
  change: decimal,
  change_pct: decimal,
  timestamp: timestamp.optional(), // absent in older captures
});
export const tickerMessage = z.object({ channel: z.literal('ticker'), type: updateType, data: z.array(tickerData) });

export const bookLevel = z.object({ price: nonNegativeDecimal, qty: nonNegativeDecimal });
export const bookData = z.object({
  symbol: z.string(),
  bids: z.array(bookLevel),
  asks: z.array(bookLevel),
  checksum: integer.refine((n) => n >= 0 && n <= 0xffffffff, { message: 'checksum must be an unsigned 32-bit integer' }),
  timestamp: timestamp.optional(), // the 2023 snapshot capture has none
});
export const bookMessage = z.object({ channel: z.literal('book'), type: updateType, data: z.array(bookData) });

export const tradeData = z.object({
  symbol: z.string(),
  side,
  price: nonNegativeDecimal,
  qty: nonNegativeDecimal,
  ord_type: lenientEnum('ord_type', ['limit', 'market']),
  // Any size, exact: ids near and past 2^53 must neither round nor fail the frame.
  trade_id: bigInteger,
  timestamp,
});
export const tradeMessage = z.object({ channel: z.literal('trade'), type: updateType, data: z.array(tradeData) });

export const ohlcData = z.object({
  symbol: z.string(),
  open: nonNegativeDecimal,
  high: nonNegativeDecimal,
  low: nonNegativeDecimal,
  close: nonNegativeDecimal,
  vwap: nonNegativeDecimal,
  trades: integer,
  volume: nonNegativeDecimal,
  interval_begin: timestamp,
  interval: integer,
  timestamp: timestamp.optional(), // deprecated
});
export const ohlcMessage = z.object({
  channel: z.literal('ohlc'),
  type: updateType,
  timestamp: timestamp.optional(),
  data: z.array(ohlcData),
});

export const instrumentAsset = z.object({
  id: z.string(),
  status: z.string(),
  precision: integer,
  precision_display: integer,
  borrowable: z.boolean().optional(),
  collateral_value: decimal.optional(),
  margin_rate: decimal.optional(),
  multiplier: decimal.optional(),
});

export const instrumentPair = z.object({
  symbol: z.string(),
  base: z.string(),
  quote: z.string(),
  status: z.string(),
  qty_precision: integer,
  qty_increment: nonNegativeDecimal.optional(),
  qty_min: nonNegativeDecimal,
  price_precision: integer,
  price_increment: nonNegativeDecimal.optional(),
  cost_precision: integer,
  cost_min: nonNegativeDecimal,
  marginable: z.boolean().optional(),
  has_index: z.boolean().optional(),
  margin_initial: decimal.optional(),
  position_limit_long: decimal.optional(),
  position_limit_short: decimal.optional(),
  tick_size: nonNegativeDecimal.optional(), // deprecated
});
export const instrumentMessage = z.object({
  channel: z.literal('instrument'),
  type: updateType,
  data: z.object({ assets: z.array(instrumentAsset), pairs: z.array(instrumentPair) }),
});

export type StatusMessage = z.infer<typeof statusMessage>;
export type HeartbeatMessage = z.infer<typeof heartbeatMessage>;
export type TickerData = z.infer<typeof tickerData>;
export type TickerMessage = z.infer<typeof tickerMessage>;
export type BookData = z.infer<typeof bookData>;
export type BookMessage = z.infer<typeof bookMessage>;
export type TradeData = z.infer<typeof tradeData>;
export type TradeMessage = z.infer<typeof tradeMessage>;
export type OhlcData = z.infer<typeof ohlcData>;
export type OhlcMessage = z.infer<typeof ohlcMessage>;
export type InstrumentAsset = z.infer<typeof instrumentAsset>;
export type InstrumentPair = z.infer<typeof instrumentPair>;
export type InstrumentMessage = z.infer<typeof instrumentMessage>;
