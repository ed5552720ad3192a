import { describe, expect, it } from 'vitest';
import { PendingRequests } from '../../../../src/live/kraken/ws/pending-requests.ts';
import { ManualScheduler } from '../../../../src/live/kraken/ws/scheduler.ts';
import type { MethodResponse } from '../../../../src/live/kraken/ws/messages/responses.ts';

const ok = (reqId: number, id: string): MethodResponse => ({ method: 'cancel_order', success: true, req_id: reqId, result: { order_id: id } });

describe('PendingRequests', () => {
  it('completes after the expected number of frames, times out, or fails on disconnect', () => {
    const s = new ManualScheduler();
    const p = new PendingRequests(s);
    const ends: [number, string, number][] = [];
    p.add(1, 'cancel_order', 2, 1000, (rs, end) => ends.push([1, end, rs.length]));
    p.add(2, 'cancel_order', 2, 1000, (rs, end) => ends.push([2, end, rs.length]));
    p.add(3, 'cancel_all', 1, 5000, (rs, end) => ends.push([3, end, rs.length]));
    expect(p.deliver(ok(1, 'a'))).toBe(true);
    expect(p.deliver(ok(1, 'b'))).toBe(true);
    expect(p.deliver(ok(2, 'a'))).toBe(true);
    expect(p.deliver(ok(9, 'x'))).toBe(false); // unknown req_id
    expect(p.deliver({ method: 'add_order', success: true, req_id: 3, result: { order_id: 'O' } })).toBe(false); // method mismatch
    s.advance(1000);
    p.failAll('disconnected');
    expect(ends).toEqual([
      [1, 'complete', 2],
      [2, 'timeout', 1],
      [3, 'disconnected', 0],
    ]);
    expect(s.pending()).toBe(0);
  });
});
