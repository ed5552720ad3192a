/** Parameters and results of the REST client's calls (client.ts), as Kraken names them. */
export interface OhlcParams {
  readonly pair: string;
  readonly interval?: 1 | 5 | 15 | 30 | 60 | 240 | 1440 | 10080 | 21600;
  readonly since?: number;
}
export interface TradesParams {
  readonly pair: string;
  /** Unix seconds or a previous `last` id (nanoseconds). */
  readonly since?: string | number;
  readonly count?: number;
}
export interface OpenOrdersParams {
  readonly trades?: boolean;
  readonly userref?: number;
  readonly cl_ord_id?: string;
}
export interface ClosedOrdersParams extends OpenOrdersParams {
  readonly start?: number | string;
  readonly end?: number | string;
  readonly ofs?: number;
  readonly closetime?: 'open' | 'close' | 'both';
  readonly consolidate_taker?: boolean;
  readonly without_count?: boolean;
}
export interface QueryOrdersParams {
  readonly txid: readonly string[];
  readonly trades?: boolean;
  readonly userref?: number;
  readonly consolidate_taker?: boolean;
}
export interface TradesHistoryParams {
  readonly type?: 'all' | 'any position' | 'closed position' | 'closing position' | 'no position';
  readonly trades?: boolean;
  readonly start?: number | string;
  readonly end?: number | string;
  readonly ofs?: number;
  readonly without_count?: boolean;
  readonly consolidate_taker?: boolean;
  readonly ledgers?: boolean;
}
export interface LedgersParams {
  readonly asset?: readonly string[];
  readonly aclass?: string;
  readonly type?: string;
  readonly start?: number | string;
  readonly end?: number | string;
  readonly ofs?: number;
  readonly without_count?: boolean;
}

export interface AddOrderResult {
  /** Order ids; empty when `validate` was set. */
  readonly txid: readonly string[];
  readonly descr: { readonly order: string; readonly close?: string } | undefined;
  /** The cl_ord_id sent (possibly generated), or null. */
  readonly cl_ord_id: string | null;
  readonly userref: number | null;
}

/** QueryOrders accepts at most 50 txids per call. */
export const QUERY_ORDERS_BATCH = 50;
