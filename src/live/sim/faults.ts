/**
 * Fault injection on demand. Every fault is armed by a test (or the CLI) and fires on the next
 * matching traffic; nothing here is random.
 *
 *  - `dropConnections()`: terminates every WebSocket connection (public and private) at once, like a
 *    network drop; clients must reconnect and resubscribe. Open HTTP keep-alive sockets are destroyed too.
 *  - `silence(ms?)`: for `ms` wall-clock milliseconds (or until `resume()` when omitted) the WS servers
 *    send nothing at all on any connection: no data, no heartbeats, no method responses. Frames that
 *    would have been sent are discarded (a stalled link, not a buffer), so a client's watchdog fires.
 *  - `duplicateNext(n)`: the next n WS channel-data frames the servers send (on whichever connection)
 *    are each sent twice. Method responses, status and heartbeats are not affected.
 *  - `reorderNext(n)`: the next n WS channel-data frames are held back and released in reverse order
 *    once n have been collected (or after 250 ms wall time, whichever comes first).
 *  - `corruptNextBookUpdate(n = 1)`: the next n book update frames carry a wrong checksum (the real
 *    CRC xor 1); the simulator's own book state stays correct, so a resubscribe heals the client.
 *  - `rateLimitNext(n)`: the next n private REST calls fail with `EAPI:Rate limit exceeded` (on top
 *    of the real per-key counter).
 *  - `serviceUnavailableNext(n, {http})`: the next n REST calls (public or private) fail with
 *    `EService:Unavailable` in the normal envelope, or with `http: true` as an HTTP 503 with a
 *    non-JSON (Cloudflare-like HTML) body.
 *  - `swallowNextOrderResponse({mode})`: the next order placement (REST AddOrder or WS add_order /
 *    batch_add) is executed normally (the order exists, fills happen, executions are streamed), but
 *    its response never arrives: mode `hang` (default) leaves the HTTP request unanswered / sends no
 *    WS response; mode `close` destroys the HTTP socket / closes the WS connection instead.
 *  - `partialFills(fraction)`: resting orders may take only this share (0 < f <= 1) of each replayed
 *    trade's volume, forcing partial fills; `partialFills(1)` restores normal behaviour.
 */
export type SwallowMode = 'hang' | 'close';

/**
 * Values Kraken may put in an executions report that this protocol version does not define
 * (docs.kraken.com/api/docs/websocket-v2/executions: enums and fields grow without notice; the
 * README 4 order object allows `null` where a value is absent). `set` replaces fields (undefined
 * removes one) on the next reports whose exec_type is in `on` (any report when omitted).
 */
export interface NovelValues {
  /** The channel whose entries are altered: `executions` (default) or the public `trade` channel. */
  readonly channel?: 'executions' | 'trade';
  readonly on?: readonly string[];
  readonly set: Readonly<Record<string, unknown>>;
}

export interface FaultHooks {
  dropConnections: () => void;
}

export class Faults {
  rateLimitPending = 0;
  unavailablePending = 0;
  unavailableHttp = false;
  swallowPending: SwallowMode[] = [];
  duplicatePending = 0;
  reorderPending = 0;
  corruptBookPending = 0;
  fillFraction = 1;
  novelValuesPending = 0;
  dropExecutionsPending = 0;
  dropCompletionsPending = 0;
  batchExecutionsPending = 0;
  /** Queued `novelValuesNext(n, values)` alterations, applied in order. */
  readonly novelValues: { left: number; values: NovelValues }[] = [];
  private novelSystem: string | undefined;
  private silencedUntil = 0;
  hooks: FaultHooks = { dropConnections: () => {} };

  constructor(private readonly wallNow: () => number = () => Date.now()) {}

  dropConnections(): void {
    this.hooks.dropConnections();
  }

  silence(ms?: number): void {
    this.silencedUntil = ms === undefined ? Infinity : this.wallNow() + ms;
  }

  resume(): void {
    this.silencedUntil = 0;
  }

  isSilenced(): boolean {
    return this.wallNow() < this.silencedUntil;
  }

  duplicateNext(n = 1): void {
    this.duplicatePending += n;
  }

  reorderNext(n = 2): void {
    if (n < 2) throw new RangeError('reorderNext needs at least 2 frames to reorder');
    this.reorderPending = n;
  }

  corruptNextBookUpdate(n = 1): void {
    this.corruptBookPending += n;
  }

  rateLimitNext(n = 1): void {
    this.rateLimitPending += n;
  }

  serviceUnavailableNext(n = 1, opts: { http?: boolean } = {}): void {
    this.unavailablePending += n;
    this.unavailableHttp = opts.http ?? false;
  }

  swallowNextOrderResponse(opts: { mode?: SwallowMode } = {}): void {
    this.swallowPending.push(opts.mode ?? 'hang');
  }

  /**
   * The next n `executions` reports carry values this protocol version does not define, the way
   * Kraken extends its enums without notice: a non-trade report gets `order_status: "triggered"`,
   * and every affected report an extra field `ext_note`. A trade report keeps its order_status
   * (its fill must still be booked); its `liquidity_ind` becomes "x".
   */
  novelValuesNext(n = 1, values?: NovelValues): void {
    if (values) this.novelValues.push({ left: n, values });
    else this.novelValuesPending += n;
  }

  /**
   * The next n `exec_type: filled` reports are not sent (sequence spent), as when the frame after
   * an order's last trade is lost (executions `sequence`: per-subscription numbering shows the gap).
   */
  dropNextCompletion(n = 1): void {
    this.dropCompletionsPending += n;
  }

  /**
   * The next n executions reports go out together in one update frame (`data` is an array of
   * reports, docs.kraken.com/api/docs/websocket-v2/executions), sent once the n-th is produced.
   */
  batchNextExecutions(n = 2): void {
    if (n < 2) throw new RangeError('batchNextExecutions needs at least 2 reports');
    this.batchExecutionsPending = n;
  }

  /** The next n `executions` update frames are not sent (their sequence numbers are spent: the client sees a gap). */
  dropNextExecutions(n = 1): void {
    this.dropExecutionsPending += n;
  }

  partialFills(fraction: number): void {
    if (!(fraction > 0) || fraction > 1) throw new RangeError(`partialFills fraction must be in (0, 1], got ${fraction}`);
    this.fillFraction = fraction;
  }

  /**
   * The next status message reports this engine state instead of the real one: the status
   * channel documents `system` online, cancel_only, maintenance, post_only
   * (docs.kraken.com/api/docs/websocket-v2/status), while pairs already have limit_only and
   * reduce_only (README 8), so new values may appear. Matching is unaffected.
   */
  novelSystemStatusNext(value: string): void {
    this.novelSystem = value;
  }

  /** Consumes the pending novel system status, if any. */
  takeNovelSystem(): string | undefined {
    const v = this.novelSystem;
    this.novelSystem = undefined;
    return v;
  }

  /** Consumes one pending swallow, if any. */
  takeSwallow(): SwallowMode | undefined {
    return this.swallowPending.shift();
  }
}
