import type { OrderBook } from '../book/order-book.ts';
import type { ConnectionStateChange } from './connection-state.ts';
import type { InstrumentMessage, OhlcMessage, SystemStatus, TickerMessage, TradeMessage } from './messages/market-data.ts';
import type { BalancesMessage, ExecutionReport } from './messages/private-data.ts';
import type { MethodFailure, SubscribeSuccess, UnsubscribeSuccess } from './messages/responses.ts';
import type { KrakenWsProtocolError } from './protocol-error.ts';

/** Engine status from the `status` channel (sent on connect and when it changes). */
export interface StatusEvent {
  readonly system: SystemStatus;
  readonly version: string;
  readonly apiVersion: string;
  readonly connectionId: bigint;
}

export interface BookEvent {
  readonly symbol: string;
  readonly type: 'snapshot' | 'update';
  /** The live book after this message (exact decimal text, best-first). Read it, don't keep it. */
  readonly book: OrderBook;
  readonly checksum: number;
  readonly timestamp?: string;
}

/** A book was found inconsistent and is being rebuilt (`started`), or the new snapshot arrived and validated (`rebuilt`). */
export interface BookResyncEvent {
  readonly symbol: string;
  readonly phase: 'started' | 'rebuilt';
  readonly reason: 'checksum_mismatch' | 'bad_level_data';
  readonly expected?: number;
  readonly actual?: number;
  readonly detail?: string;
}

export interface ExecutionEvent {
  readonly report: ExecutionReport;
  readonly type: 'snapshot' | 'update';
  readonly sequence: number;
  /**
   * Stable identity of this report for deduplication: `trade:<exec_id>` for fills, otherwise
   * `<order_id>:<exec_type>:<timestamp>`. The ledger must apply a fill's exec_id once.
   */
  readonly dedupeKey: string;
  /** This client already emitted a report with the same dedupeKey (duplicate or replayed frame). */
  readonly duplicate: boolean;
}

export interface BalancesEvent {
  readonly message: BalancesMessage;
  /** The frame's sequence is not above the last one seen on this subscription (duplicate/replay). */
  readonly duplicate: boolean;
}

export interface SequenceGapEvent {
  readonly channel: 'executions' | 'balances';
  readonly expected: number;
  readonly received: number;
}

export type SubscriptionEvent =
  | { readonly kind: 'acknowledged'; readonly channel: string; readonly symbol?: string; readonly response: SubscribeSuccess }
  | { readonly kind: 'failed'; readonly channel: string; readonly symbol?: string; readonly error: string; readonly response?: MethodFailure }
  | { readonly kind: 'unsubscribed'; readonly channel: string; readonly symbol?: string; readonly response: UnsubscribeSuccess };

/** A state-changing request whose fate is unknown: it may or may not have reached the engine. Reconcile; never retry blindly. */
export interface OrderOutcomeUnknownEvent {
  readonly method: string;
  readonly reqId: number;
  readonly reason: 'timeout' | 'disconnected';
  readonly clOrdIds: readonly string[];
  readonly orderUserrefs: readonly number[];
}

export interface KrakenWsEvents {
  state: ConnectionStateChange;
  status: StatusEvent;
  ticker: TickerMessage;
  trade: TradeMessage;
  ohlc: OhlcMessage;
  instrument: InstrumentMessage;
  book: BookEvent;
  book_resync: BookResyncEvent;
  execution: ExecutionEvent;
  balances: BalancesEvent;
  sequence_gap: SequenceGapEvent;
  subscription: SubscriptionEvent;
  order_outcome_unknown: OrderOutcomeUnknownEvent;
  pong: { readonly reqId: number; readonly rttMs: number };
  /** Every inbound text frame as received, before parsing (for journaling). */
  frame: { readonly raw: string; readonly receivedAt: number };
  protocol_error: KrakenWsProtocolError;
  /** First time an unknown enum value is seen (then only counted, see `unknownValues`); the frame was still processed. */
  unknown_value: { readonly field: string; readonly value: string; readonly raw: string };
  /** Socket errors, token failures, listener exceptions: reported, never thrown. */
  client_error: { readonly context: string; readonly error: unknown };
}
