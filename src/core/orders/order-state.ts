import type { OrderStatus } from './order.ts';

/**
 * The order lifecycle as a transition table. Anything not listed is illegal and throws:
 * a venue report that would move a filled order back to open is a bug to surface, not to hide.
 *
 * `unknown` is for real venues: an order sent whose acknowledgement never arrived. Only
 * reconciliation moves it on, to whatever the venue says happened.
 */
const LEGAL: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  'pending-new': ['open', 'partially-filled', 'filled', 'canceled', 'rejected', 'expired', 'unknown'],
  unknown: ['open', 'partially-filled', 'filled', 'canceled', 'rejected', 'expired'],
  open: ['partially-filled', 'filled', 'canceled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'canceled', 'expired'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
};

export class IllegalTransitionError extends Error {
  constructor(readonly clientId: string, readonly from: OrderStatus, readonly to: OrderStatus) {
    super(`order ${clientId}: illegal transition ${from} -> ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return LEGAL[from].includes(to);
}

/** Returns `to` when legal; throws IllegalTransitionError otherwise. */
export function nextStatus(clientId: string, from: OrderStatus, to: OrderStatus): OrderStatus {
  if (!canTransition(from, to)) throw new IllegalTransitionError(clientId, from, to);
  return to;
}

export const ALL_STATUSES: readonly OrderStatus[] = Object.keys(LEGAL) as OrderStatus[];
