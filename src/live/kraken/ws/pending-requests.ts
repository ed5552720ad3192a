import type { MethodResponse } from './messages/responses.ts';
import type { Scheduler, TimerHandle } from './scheduler.ts';

export type PendingEnd = 'complete' | 'timeout' | 'disconnected';

interface Pending {
  readonly method: string;
  readonly expected: number;
  readonly responses: MethodResponse[];
  readonly timer: TimerHandle;
  readonly done: (responses: MethodResponse[], end: PendingEnd) => void;
}

/**
 * Requests awaiting their responses, matched by req_id. Some requests get several frames
 * (subscribe: one ack per symbol; cancel_order: one per cancelled order), so each entry
 * waits for an expected count, a timeout, or the connection dropping — whichever is first.
 */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly scheduler: Scheduler) {}

  add(reqId: number, method: string, expected: number, timeoutMs: number, done: Pending['done']): void {
    const timer = this.scheduler.setTimeout(() => this.finish(reqId, 'timeout'), timeoutMs);
    this.pending.set(reqId, { method, expected: Math.max(1, expected), responses: [], timer, done });
  }

  has(reqId: number): boolean {
    return this.pending.has(reqId);
  }

  /** Hands a response to its request; false when no request with that req_id and method is waiting. */
  deliver(response: MethodResponse): boolean {
    const reqId = response.req_id;
    if (reqId === undefined) return false;
    const p = this.pending.get(reqId);
    if (!p || p.method !== response.method) return false;
    p.responses.push(response);
    if (p.responses.length >= p.expected) this.finish(reqId, 'complete');
    return true;
  }

  /** Ends every waiting request (connection lost or client closed). */
  failAll(end: Exclude<PendingEnd, 'complete'>): void {
    for (const reqId of [...this.pending.keys()]) this.finish(reqId, end);
  }

  /** Ends one request early (e.g. it could not be sent). */
  cancel(reqId: number): void {
    const p = this.pending.get(reqId);
    if (!p) return;
    this.scheduler.clearTimeout(p.timer);
    this.pending.delete(reqId);
  }

  private finish(reqId: number, end: PendingEnd): void {
    const p = this.pending.get(reqId);
    if (!p) return;
    this.scheduler.clearTimeout(p.timer);
    this.pending.delete(reqId);
    p.done(p.responses, end);
  }
}
