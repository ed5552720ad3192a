/**
 * Typed errors for the Kraken REST client.
 *
 * Two questions matter to a caller, and every error answers them:
 * - `provesNotExecuted`: did Kraken certainly NOT act on the request? (safe to send again)
 * - `transient`: is trying again later likely to succeed?
 * API errors come from Kraken's `error` array (`E<Category>:<message>`); `W...` entries are
 * warnings and never make a call fail.
 */
import { redact } from '../auth/redact.ts';

export abstract class KrakenError extends Error {
  abstract readonly provesNotExecuted: boolean;
  abstract readonly transient: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
    this.name = new.target.name;
  }
}

export interface ApiErrorContext {
  /** Endpoint name, e.g. `AddOrder`. */
  readonly method: string;
  /** Every entry of Kraken's `error` array (errors and warnings). */
  readonly entries: readonly string[];
  readonly httpStatus: number;
}

/** Kraken answered with at least one `E...` entry. Subclasses name the common cases. */
export class KrakenApiError extends KrakenError {
  readonly method: string;
  /** The `E...` entries. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** The first error entry, e.g. `EOrder:Insufficient funds`. */
  readonly code: string;
  readonly httpStatus: number;
  readonly provesNotExecuted: boolean = true;
  readonly transient: boolean = false;

  constructor(ctx: ApiErrorContext) {
    const errors = ctx.entries.filter(isErrorEntry);
    super(`Kraken ${ctx.method} failed: ${errors.join('; ')}`);
    this.method = ctx.method;
    this.errors = errors;
    this.warnings = ctx.entries.filter((e) => !isErrorEntry(e));
    this.code = errors[0] ?? '';
    this.httpStatus = ctx.httpStatus;
  }
}

/** An unrecognised error string: we cannot tell whether the request executed. */
export class KrakenUnclassifiedError extends KrakenApiError {
  override readonly provesNotExecuted = false;
}

export class KrakenInvalidNonce extends KrakenApiError {
  // Rejected by the API gateway before execution; a fresh nonce makes a retry safe.
  override readonly transient = true;
}

export type RateLimitScope = 'api' | 'order' | 'order-domain' | 'auth' | 'throttled';

export class KrakenRateLimit extends KrakenApiError {
  override readonly transient = true;
  /**
   * `api`: the per-key REST call counter (EAPI). `order`: the per-pair matching-engine counter
   * (EOrder). `order-domain`: EOrder:Domain rate limit. `auth`: EAuth limits. `throttled`:
   * too many concurrent requests (EService: Throttled: <unix ts>).
   */
  readonly scope: RateLimitScope;
  /** Unix seconds after which Kraken said to retry (`throttled` only). */
  readonly retryAtUnix: number | undefined;

  constructor(ctx: ApiErrorContext, scope: RateLimitScope, retryAtUnix?: number) {
    super(ctx);
    this.scope = scope;
    this.retryAtUnix = retryAtUnix;
  }
}

export class KrakenInsufficientFunds extends KrakenApiError {}

export class KrakenInvalidArguments extends KrakenApiError {
  /** Text after `Invalid arguments:` (e.g. `type`), if any. */
  readonly detail: string | undefined;
  constructor(ctx: ApiErrorContext, detail?: string) {
    super(ctx);
    this.detail = detail;
  }
}

export type ServiceUnavailableReason =
  | 'unavailable'
  | 'busy'
  | 'internal-error'
  | 'cancel-only'
  | 'post-only'
  | 'deadline-elapsed'
  | 'other';

export class KrakenServiceUnavailable extends KrakenApiError {
  readonly reason: ServiceUnavailableReason;
  override readonly provesNotExecuted: boolean;
  override readonly transient: boolean;

  constructor(ctx: ApiErrorContext, reason: ServiceUnavailableReason) {
    super(ctx);
    this.reason = reason;
    // Unavailable/Busy/Internal error have been seen on orders that were nevertheless placed.
    this.provesNotExecuted = !(reason === 'unavailable' || reason === 'busy' || reason === 'internal-error' || reason === 'other');
    // cancel_only/post_only are market states that last minutes; they are not worth retrying blindly.
    this.transient = reason === 'unavailable' || reason === 'busy' || reason === 'internal-error';
  }
}

export class KrakenPermissionDenied extends KrakenApiError {}
export class KrakenInvalidKey extends KrakenApiError {}
export class KrakenInvalidSignature extends KrakenApiError {}
/** Too many failed authentications; retrying makes it worse. */
export class KrakenTemporaryLockout extends KrakenApiError {}
export class KrakenUnknownOrder extends KrakenApiError {}
export class KrakenUnknownAssetPair extends KrakenApiError {}
/** Any other `EOrder:` rejection (minimums, tick size, price, open-order cap, margin). */
export class KrakenOrderRejected extends KrakenApiError {}

export type TransportFailure = 'not-sent' | 'timeout' | 'network' | 'http-status' | 'non-json' | 'bad-envelope';

/** The exchange did not give a usable answer: network failure, timeout, 5xx/Cloudflare page, non-JSON body. */
export class KrakenTransportError extends KrakenError {
  readonly method: string;
  readonly failure: TransportFailure;
  readonly httpStatus: number | undefined;
  /** Only a connection that never opened proves the request was not sent. */
  readonly provesNotExecuted: boolean;
  readonly transient = true;

  constructor(method: string, failure: TransportFailure, message: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(`Kraken ${method}: ${message}`, { cause: options.cause });
    this.method = method;
    this.failure = failure;
    this.httpStatus = options.httpStatus;
    this.provesNotExecuted = failure === 'not-sent';
  }
}

/** A successful envelope whose `result` does not match the expected shape. */
export class KrakenResponseFormatError extends KrakenError {
  readonly method: string;
  readonly provesNotExecuted = false;
  readonly transient = false;
  constructor(method: string, message: string) {
    super(`Kraken ${method}: unexpected response format: ${message}`);
    this.method = method;
  }
}

/** The request was refused locally before sending (bad parameters). */
export class KrakenRequestError extends KrakenError {
  readonly provesNotExecuted = true;
  readonly transient = false;
}

/**
 * A state-changing call (AddOrder, CancelOrder, CancelAll) may or may not have executed: the
 * response never arrived, was unreadable, or was an error Kraken also returns for orders it placed.
 * Never retry blindly; reconcile (see `resolveUnknownOrder`) using the identifiers carried here.
 */
export class KrakenOutcomeUnknown extends KrakenError {
  readonly provesNotExecuted = false;
  readonly transient = false;
  readonly method: string;
  readonly clOrdId: string | undefined;
  readonly userref: number | undefined;
  /** For cancels: the order id or cl_ord_id that was being cancelled. */
  readonly target: string | undefined;

  constructor(
    method: string,
    ids: { clOrdId?: string; userref?: number; target?: string },
    cause: KrakenError,
  ) {
    const idText = [
      ids.clOrdId !== undefined ? `cl_ord_id=${ids.clOrdId}` : '',
      ids.userref !== undefined ? `userref=${ids.userref}` : '',
      ids.target !== undefined ? `target=${ids.target}` : '',
    ].filter(Boolean).join(' ');
    super(`Kraken ${method} outcome unknown (${idText || 'no client id'}): ${cause.message}; reconcile before retrying`, { cause });
    this.method = method;
    this.clOrdId = ids.clOrdId;
    this.userref = ids.userref;
    this.target = ids.target;
  }
}

/** Error entries start with `E`; `W` entries are warnings. Anything else is treated as an error. */
export function isErrorEntry(entry: string): boolean {
  return !entry.startsWith('W');
}

type Factory = (ctx: ApiErrorContext, match: RegExpExecArray) => KrakenApiError;

/** First matching rule wins; patterns see the entry text (leading/trailing whitespace trimmed). */
const RULES: ReadonlyArray<readonly [RegExp, Factory]> = [
  [/^EAPI:Invalid nonce/i, (c) => new KrakenInvalidNonce(c)],
  [/^EAPI:Invalid key/i, (c) => new KrakenInvalidKey(c)],
  [/^EAPI:Invalid signature/i, (c) => new KrakenInvalidSignature(c)],
  [/^EAPI:Rate limit exceeded/i, (c) => new KrakenRateLimit(c, 'api')],
  [/^EAPI:Bad request/i, (c) => new KrakenInvalidArguments(c)],
  [/^EOrder:Rate limit exceeded/i, (c) => new KrakenRateLimit(c, 'order')],
  [/^EOrder:Domain rate limit exceeded/i, (c) => new KrakenRateLimit(c, 'order-domain')],
  [/^EAuth:(Rate limit exceeded|Too many requests)/i, (c) => new KrakenRateLimit(c, 'auth')],
  [/^EService:\s*Throttled(?::\s*(\d+))?/i, (c, m) => new KrakenRateLimit(c, 'throttled', m[1] ? Number(m[1]) : undefined)],
  [/^EService:Unavailable/i, (c) => new KrakenServiceUnavailable(c, 'unavailable')],
  [/^EService:Busy/i, (c) => new KrakenServiceUnavailable(c, 'busy')],
  [/^EService:Market in cancel_only mode/i, (c) => new KrakenServiceUnavailable(c, 'cancel-only')],
  [/^EService:Market in post_only mode/i, (c) => new KrakenServiceUnavailable(c, 'post-only')],
  [/^EService:Deadline elapsed/i, (c) => new KrakenServiceUnavailable(c, 'deadline-elapsed')],
  [/^EService:/i, (c) => new KrakenServiceUnavailable(c, 'other')],
  [/^EGeneral:Internal error/i, (c) => new KrakenServiceUnavailable(c, 'internal-error')],
  [/^EGeneral:Invalid arguments(?::(.*))?$/i, (c, m) => new KrakenInvalidArguments(c, m[1]?.trim() || undefined)],
  [/^EGeneral:Permission denied/i, (c) => new KrakenPermissionDenied(c)],
  [/^EAccount:Invalid permissions/i, (c) => new KrakenPermissionDenied(c)],
  [/^EAPI:Feature disabled/i, (c) => new KrakenPermissionDenied(c)],
  [/^EGeneral:Temporary lockout/i, (c) => new KrakenTemporaryLockout(c)],
  [/^EGeneral:Unknown method/i, (c) => new KrakenApiError(c)],
  [/^EQuery:Unknown asset pair/i, (c) => new KrakenUnknownAssetPair(c)],
  [/^EOrder:Unknown order/i, (c) => new KrakenUnknownOrder(c)],
  [/^EOrder:Insufficient funds/i, (c) => new KrakenInsufficientFunds(c)],
  [/^EOrder:/i, (c) => new KrakenOrderRejected(c)],
  [/^ESession:Invalid session/i, (c) => new KrakenApiError(c)],
  [/^ETrade:Locked/i, (c) => new KrakenApiError(c)],
];

/**
 * Maps a Kraken `error` array to a typed error, or returns undefined when it holds only warnings.
 * With several errors, the first one decides the class; all are kept in `errors`.
 */
export function mapKrakenErrors(method: string, entries: readonly string[], httpStatus = 200): KrakenApiError | undefined {
  const first = entries.find(isErrorEntry);
  if (first === undefined) return undefined;
  const ctx: ApiErrorContext = { method, entries, httpStatus };
  const text = first.trim();
  for (const [pattern, make] of RULES) {
    const m = pattern.exec(text);
    if (m) return make(ctx, m);
  }
  return new KrakenUnclassifiedError(ctx);
}
