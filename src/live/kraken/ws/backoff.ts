/**
 * Reconnect delays: exponential with jitter, capped. Kraken advises reconnecting quickly
 * after a random drop but waiting at least ~5 s during maintenance, and Cloudflare bans an
 * IP that reconnects more than ~150 times in 10 minutes; the cap keeps us well below that.
 */
export interface BackoffOptions {
  /** Delay before the first reconnect attempt. */
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** Fraction of the delay that is randomised: the delay is drawn from [base*(1-jitter), base]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, factor: 2, maxMs: 30_000, jitter: 0.5 };

export class ReconnectBackoff {
  private attempts = 0;

  constructor(
    readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {
    const { initialMs, factor, maxMs, jitter } = options;
    if (!(initialMs >= 0 && factor >= 1 && maxMs >= initialMs && jitter >= 0 && jitter <= 1)) {
      throw new RangeError(`invalid backoff options ${JSON.stringify(options)}`);
    }
  }

  /** Attempts made since the last reset. */
  get attempt(): number {
    return this.attempts;
  }

  /** Counts an attempt and returns its delay; `minMs` raises the floor (e.g. during maintenance). */
  next(minMs = 0): { attempt: number; delayMs: number } {
    this.attempts++;
    const { initialMs, factor, maxMs, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** (this.attempts - 1));
    const r = Math.min(1, Math.max(0, this.random()));
    const delay = base * (1 - jitter) + base * jitter * r;
    return { attempt: this.attempts, delayMs: Math.max(minMs, Math.round(delay)) };
  }

  reset(): void {
    this.attempts = 0;
  }
}
