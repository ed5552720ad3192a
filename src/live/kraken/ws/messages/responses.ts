import { z } from 'zod';
import { integer, opaque, timestamp, warnings } from './primitives.ts';

/**
 * Responses to client requests (README 10.1, 10.6): `{method, success, result?, error?,
 * req_id?, time_in, time_out}`. Every method shares one failure shape; `pong` has no
 * `success` at all.
 */

const envelope = {
  req_id: integer.optional(),
  time_in: timestamp.optional(),
  time_out: timestamp.optional(),
};

export const pongMessage = z.object({
  method: z.literal('pong'),
  ...envelope,
  warnings,
});

/** Any method's failure: a string error, sometimes the symbol a subscribe failed for. */
export const methodFailure = z.object({
  method: z.string(),
  success: z.literal(false),
  error: z.string(),
  symbol: z.string().optional(),
  ...envelope,
});

const subscriptionResult = z.object({
  channel: z.string(),
  symbol: z.string().optional(),
  depth: integer.optional(),
  interval: integer.optional(),
  snapshot: z.boolean().optional(),
  event_trigger: z.string().optional(),
  maxratecount: integer.optional(),
  snap_orders: z.boolean().optional(),
  snap_trades: z.boolean().optional(),
  warnings,
});

const success = <M extends string, R extends z.ZodType>(method: M, result: R) =>
  z.object({ method: z.literal(method), success: z.literal(true), result, ...envelope });

export const subscribeSuccess = success('subscribe', subscriptionResult);
export const unsubscribeSuccess = success('unsubscribe', subscriptionResult);
/** `order_id` is absent when the order was only validated (`validate: true`): nothing was placed. */
export const addOrderSuccess = success(
  'add_order',
  z.object({ order_id: z.string().optional(), cl_ord_id: z.string().optional(), order_userref: integer.optional(), warnings }),
);
export const amendOrderSuccess = success(
  'amend_order',
  z.object({ amend_id: z.string(), order_id: z.string().optional(), cl_ord_id: z.string().optional(), warnings }),
);
export const editOrderSuccess = success(
  'edit_order',
  z.object({ order_id: z.string(), original_order_id: z.string(), warnings }),
);
export const cancelOrderSuccess = success(
  'cancel_order',
  z
    .object({ order_id: z.string().optional(), cl_ord_id: z.string().optional(), warnings })
    .refine((r) => r.order_id !== undefined || r.cl_ord_id !== undefined, { message: 'result names no order_id or cl_ord_id' }),
);
export const cancelAllSuccess = success('cancel_all', z.object({ count: integer, warnings }));
export const cancelAllOrdersAfterSuccess = success(
  'cancel_all_orders_after',
  z.object({ currentTime: timestamp, triggerTime: timestamp, warnings }),
);
/**
 * One entry per order, in request order. `order_id` is absent when the batch was only validated
 * (like REST AddOrder's missing txid, README 5) and for an order the engine rejected on its own
 * (pre-match/funding checks reject orders individually, README 10.6), which carries `error`.
 */
export const batchAddSuccess = success(
  'batch_add',
  z.array(z.object({ order_id: z.string().optional(), cl_ord_id: z.string().optional(), order_userref: integer.optional(), error: z.string().optional() })),
);
export const batchCancelSuccess = success('batch_cancel', opaque);

/** Success schema per method name; a method missing here is reported as unknown. */
export const SUCCESS_SCHEMAS = {
  subscribe: subscribeSuccess,
  unsubscribe: unsubscribeSuccess,
  add_order: addOrderSuccess,
  amend_order: amendOrderSuccess,
  edit_order: editOrderSuccess,
  cancel_order: cancelOrderSuccess,
  cancel_all: cancelAllSuccess,
  cancel_all_orders_after: cancelAllOrdersAfterSuccess,
  batch_add: batchAddSuccess,
  batch_cancel: batchCancelSuccess,
} as const;

export type ResponseMethod = keyof typeof SUCCESS_SCHEMAS;

export type PongMessage = z.infer<typeof pongMessage>;
export type MethodFailure = z.infer<typeof methodFailure>;
export type SubscribeSuccess = z.infer<typeof subscribeSuccess>;
export type UnsubscribeSuccess = z.infer<typeof unsubscribeSuccess>;
export type AddOrderSuccess = z.infer<typeof addOrderSuccess>;
export type AmendOrderSuccess = z.infer<typeof amendOrderSuccess>;
export type EditOrderSuccess = z.infer<typeof editOrderSuccess>;
export type CancelOrderSuccess = z.infer<typeof cancelOrderSuccess>;
export type CancelAllSuccess = z.infer<typeof cancelAllSuccess>;
export type CancelAllOrdersAfterSuccess = z.infer<typeof cancelAllOrdersAfterSuccess>;
export type BatchAddSuccess = z.infer<typeof batchAddSuccess>;
export type BatchCancelSuccess = z.infer<typeof batchCancelSuccess>;

export type MethodSuccess = { [M in ResponseMethod]: z.infer<(typeof SUCCESS_SCHEMAS)[M]> }[ResponseMethod];
export type SuccessFor<M extends ResponseMethod> = z.infer<(typeof SUCCESS_SCHEMAS)[M]>;
export type MethodResponse = MethodSuccess | MethodFailure;
