/**
 * Connection lifecycle. `subscribed` means every registered subscription is acknowledged;
 * `stale` means the socket went silent past the watchdog limit and is being torn down;
 * `closed` is terminal until `connect()` is called again.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'subscribed' | 'stale' | 'reconnecting' | 'closed';

const ALLOWED: Record<ConnectionState, readonly ConnectionState[]> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'reconnecting', 'closed'],
  open: ['subscribed', 'stale', 'reconnecting', 'closed'],
  subscribed: ['open', 'stale', 'reconnecting', 'closed'],
  stale: ['reconnecting', 'closed'],
  reconnecting: ['connecting', 'closed'],
  closed: ['connecting'],
};

export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return ALLOWED[from].includes(to);
}

export interface ConnectionStateChange {
  readonly state: ConnectionState;
  readonly previous: ConnectionState;
  readonly at: number;
  /** Reconnect attempt number (reconnecting) since the last stable connection. */
  readonly attempt?: number;
  /** Delay before the next connect (reconnecting). */
  readonly delayMs?: number;
  /** Why: "socket closed (code 1006)", "no frame for 10000 ms", "closed by caller", ... */
  readonly reason?: string;
}

/** Holds the current state and refuses transitions the lifecycle does not allow. */
export class ConnectionStateMachine {
  private current: ConnectionState = 'idle';

  get state(): ConnectionState {
    return this.current;
  }

  /** Moves to `to` and returns the change, or undefined when already there. Throws on an illegal move (a client bug). */
  move(to: ConnectionState, at: number, details: Omit<ConnectionStateChange, 'state' | 'previous' | 'at'> = {}): ConnectionStateChange | undefined {
    if (to === this.current) return undefined;
    if (!canTransition(this.current, to)) throw new Error(`illegal connection state transition ${this.current} -> ${to}`);
    const change: ConnectionStateChange = { state: to, previous: this.current, at, ...details };
    this.current = to;
    return change;
  }
}
