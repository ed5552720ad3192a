import { describe, expect, it } from 'vitest';
import { canTransition, ConnectionStateMachine, type ConnectionState } from '../../../../src/live/kraken/ws/connection-state.ts';

describe('connection state machine', () => {
  const legal: [ConnectionState, ConnectionState][] = [
    ['idle', 'connecting'],
    ['connecting', 'open'],
    ['connecting', 'reconnecting'],
    ['open', 'subscribed'],
    ['subscribed', 'open'],
    ['subscribed', 'stale'],
    ['stale', 'reconnecting'],
    ['reconnecting', 'connecting'],
    ['open', 'closed'],
    ['closed', 'connecting'],
  ];
  const illegal: [ConnectionState, ConnectionState][] = [
    ['idle', 'open'],
    ['connecting', 'subscribed'],
    ['stale', 'open'],
    ['reconnecting', 'open'],
    ['closed', 'open'],
    ['idle', 'stale'],
  ];
  it.each(legal)('%s -> %s is allowed', (a, b) => expect(canTransition(a, b)).toBe(true));
  it.each(illegal)('%s -> %s is refused', (a, b) => expect(canTransition(a, b)).toBe(false));

  it('reports changes with details, ignores no-op moves, throws on illegal ones', () => {
    const m = new ConnectionStateMachine();
    expect(m.move('connecting', 1)).toEqual({ state: 'connecting', previous: 'idle', at: 1 });
    expect(m.move('connecting', 2)).toBeUndefined();
    expect(m.move('reconnecting', 3, { attempt: 1, delayMs: 250, reason: 'refused' })).toEqual({
      state: 'reconnecting',
      previous: 'connecting',
      at: 3,
      attempt: 1,
      delayMs: 250,
      reason: 'refused',
    });
    expect(() => m.move('subscribed', 4)).toThrow(/illegal connection state transition reconnecting -> subscribed/);
  });
});
