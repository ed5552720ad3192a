import type { OrderOutcomeUnknownEvent } from './events.ts';
import {
  buildAddOrder,
  buildAmendOrder,
  buildBatchAdd,
  buildCancelAll,
  buildCancelAllOrdersAfter,
  buildCancelOrder,
  cancelTargetCount,
  type AddOrderParams,
  type AmendOrderParams,
  type BatchAddParams,
  type CancelOrderParams,
  type WsRequest,
} from './messages/requests.ts';
import type {
  AddOrderSuccess,
  AmendOrderSuccess,
  BatchAddSuccess,
  CancelAllOrdersAfterSuccess,
  CancelAllSuccess,
  CancelOrderSuccess,
  MethodFailure,
  MethodResponse,
} from './messages/responses.ts';
import { acquire } from '../rest/rate-limiter.ts';
import { isTokenError, KrakenWsSubscriptions } from './subscriptions.ts';

export { KRAKEN_WS_PRIVATE_URL, KRAKEN_WS_PUBLIC_URL, type KrakenWsClientOptions } from './connection.ts';
export { executionKey } from './private-channels.ts';


/**
 * What became of a request that changes orders.
 * - accepted / rejected: the engine answered.
 * - not_sent: certainly never reached Kraken (not connected, bad arguments, no token).
 * - unknown: sent, but no answer before the timeout or the connection dropped. The order may
 *   exist. Reconcile (executions snapshot / REST by cl_ord_id); never retry blindly.
 */
export type OrderOutcome<T> =
  | { readonly status: 'accepted'; readonly result: T }
  | { readonly status: 'rejected'; readonly error: string; readonly responses: readonly MethodResponse[] }
  | { readonly status: 'not_sent'; readonly reason: string }
  | ({ readonly status: 'unknown'; readonly partial: readonly MethodResponse[] } & OrderOutcomeUnknownEvent);

export interface CancelOrderResult {
  readonly cancelled: readonly CancelOrderSuccess['result'][];
  readonly failed: readonly MethodFailure[];
}

/**
 * Kraken WebSocket v2 client: one socket (public or private), exact-decimal parsing, local
 * books with checksum validation and automatic per-symbol resync, request/response matching
 * by req_id, heartbeat watchdog, ping, and reconnect with backoff that replays every
 * subscription. Everything it learns is an event (see KrakenWsEvents); nothing it receives
 * can throw out of the socket loop. Built in three layers: connection.ts (socket, token,
 * sending), subscriptions.ts (subscriptions, books, private channels) and this file (trading).
 */
export class KrakenWsClient extends KrakenWsSubscriptions {
  // ---- trading -------------------------------------------------------------------------

  /** Waits for room on the pair's trading counter (shared with REST), then sends. */
  async addOrder(order: AddOrderParams): Promise<OrderOutcome<AddOrderSuccess['result']>> {
    const limiter = this.options.rateLimiter;
    if (limiter) await acquire(limiter.addOrderPlan(order.symbol)); // charged even if the frame is then not sent: conservative
    const out = await this.orderRequest('add_order', (reqId, token) => buildAddOrder(order, token, reqId), 1, ids([order]), (rs) => single<AddOrderSuccess>(rs));
    if (limiter && out.status === 'accepted' && out.result.order_id) limiter.recordPlaced(order.symbol, [out.result.order_id, ...(order.cl_ord_id ? [order.cl_ord_id] : [])]);
    if (limiter && out.status === 'rejected' && /EOrder:Rate limit exceeded/.test(out.error)) limiter.onOrderRateLimitExceeded(order.symbol);
    return out;
  }

  amendOrder(amend: AmendOrderParams): Promise<OrderOutcome<AmendOrderSuccess['result']>> {
    const clOrdIds = amend.cl_ord_id ? [amend.cl_ord_id] : [];
    return this.orderRequest('amend_order', (reqId, token) => buildAmendOrder(amend, token, reqId), 1, { clOrdIds, orderUserrefs: [] }, (rs) =>
      single<AmendOrderSuccess>(rs),
    );
  }

  /** Kraken answers one frame per cancelled order; the outcome collects them all. */
  async cancelOrder(cancel: CancelOrderParams): Promise<OrderOutcome<CancelOrderResult>> {
    // Cancelling a young order costs up to +8 on its pair's counter (README 7.2 table).
    const limiter = this.options.rateLimiter;
    if (limiter) for (const ref of [...(cancel.order_id ?? []), ...(cancel.cl_ord_id ?? [])]) await acquire(limiter.cancelOrderPlan(ref));
    const refs = { clOrdIds: cancel.cl_ord_id ?? [], orderUserrefs: cancel.order_userref ?? [] };
    return this.orderRequest('cancel_order', (reqId, token) => buildCancelOrder(cancel, token, reqId), cancelTargetCount(cancel), refs, (rs) => {
      const cancelled = rs.filter((r): r is CancelOrderSuccess => r.success && r.method === 'cancel_order').map((r) => r.result);
      const failed = rs.filter((r): r is MethodFailure => !r.success);
      if (cancelled.length === 0) return { status: 'rejected', error: failed.map((f) => f.error).join('; '), responses: rs };
      return { status: 'accepted', result: { cancelled, failed } };
    });
  }

  cancelAll(): Promise<OrderOutcome<CancelAllSuccess['result']>> {
    return this.orderRequest('cancel_all', (reqId, token) => buildCancelAll(token, reqId), 1, { clOrdIds: [], orderUserrefs: [] }, (rs) => single<CancelAllSuccess>(rs));
  }

  /** Dead-man switch: all orders are cancelled unless this is refreshed within `timeoutSeconds` (0 disables). */
  cancelAllOrdersAfter(timeoutSeconds: number): Promise<OrderOutcome<CancelAllOrdersAfterSuccess['result']>> {
    return this.orderRequest(
      'cancel_all_orders_after',
      (reqId, token) => buildCancelAllOrdersAfter(timeoutSeconds, token, reqId),
      1,
      { clOrdIds: [], orderUserrefs: [] },
      (rs) => single<CancelAllOrdersAfterSuccess>(rs),
    );
  }

  batchAdd(batch: BatchAddParams): Promise<OrderOutcome<BatchAddSuccess['result']>> {
    return this.orderRequest('batch_add', (reqId, token) => buildBatchAdd(batch, token, reqId), 1, ids(batch.orders), (rs) => single<BatchAddSuccess>(rs));
  }


  private async orderRequest<T>(
    method: string,
    build: (reqId: number, token: string) => WsRequest,
    expected: number,
    refs: { clOrdIds: readonly string[]; orderUserrefs: readonly number[] },
    interpret: (responses: MethodResponse[]) => OrderOutcome<T>,
  ): Promise<OrderOutcome<T>> {
    // Validate the arguments before asking for a token, so bad input is reported as not_sent.
    try {
      build(0, 'validation-only');
    } catch (error) {
      return { status: 'not_sent', reason: (error as Error).message };
    }
    const sent = await this.sendRequest(build, method, true);
    if (sent.status === 'not_sent') return sent;
    return new Promise((resolve) => {
      this.awaitResponses(sent.reqId, method, expected, (responses, end) => {
        if (end === 'complete') {
          const failures = responses.filter((r): r is MethodFailure => !r.success);
          if (failures.some((f) => isTokenError(f.error))) this.tokenRefused();
          if (method !== 'cancel_order' && failures.length > 0) {
            resolve({ status: 'rejected', error: failures.map((f) => f.error).join('; '), responses });
          } else {
            resolve(interpret(responses));
          }
          return;
        }
        // Timed out or disconnected before every answer arrived: the outcome is unknown.
        const unknown: OrderOutcomeUnknownEvent = { method, reqId: sent.reqId, reason: end === 'timeout' ? 'timeout' : 'disconnected', ...refs };
        this.emit('order_outcome_unknown', unknown);
        resolve({ status: 'unknown', partial: responses, ...unknown });
      });
    });
  }
}

function single<S extends { result: unknown }>(responses: MethodResponse[]): OrderOutcome<S['result']> {
  return { status: 'accepted', result: (responses[0] as unknown as S).result };
}

function ids(orders: readonly { cl_ord_id?: string; order_userref?: number }[]): { clOrdIds: string[]; orderUserrefs: number[] } {
  return {
    clOrdIds: orders.flatMap((o) => (o.cl_ord_id !== undefined ? [o.cl_ord_id] : [])),
    orderUserrefs: orders.flatMap((o) => (o.order_userref !== undefined ? [o.order_userref] : [])),
  };
}
