/**
 * HTTP transport on an undici Pool. Knows nothing about Kraken beyond turning socket failures
 * into KrakenTransportError with an honest answer to "could the request have been sent?".
 */
import { Pool } from 'undici';
import { KrakenTransportError } from './errors.ts';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path plus query, starting with `/0/`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly text: string;
}

export interface HttpTransport {
  /** `endpoint` names the Kraken method in errors. */
  send(request: HttpRequest, endpoint: string): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Error codes raised before any byte of the request could reach the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_TLS_CERT_ALTNAME_INVALID']);

export interface UndiciTransportOptions {
  /** Parallel connections (default 4). Private calls are serialised by the client anyway. */
  readonly connections?: number;
}

export class UndiciTransport implements HttpTransport {
  readonly #pool: Pool;
  readonly #prefix: string;

  constructor(baseUrl: string, options: UndiciTransportOptions = {}) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`invalid Kraken baseUrl ${JSON.stringify(baseUrl)}; expected e.g. https://api.kraken.com or http://127.0.0.1:8080`);
    }
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(url.origin, { connections: options.connections ?? 4, pipelining: 1 });
  }

  async send(request: HttpRequest, endpoint: string): Promise<HttpResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no complete response within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    timer.unref?.();
    try {
      const res = await this.#pool.request({
        method: request.method,
        path: this.#prefix + request.path,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      });
      const text = await res.body.text();
      return { status: res.statusCode, text };
    } catch (err) {
      throw classify(endpoint, err, timedOut, request.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.#pool.closed || this.#pool.destroyed) return;
    await this.#pool.close();
  }
}

function classify(endpoint: string, err: unknown, timedOut: boolean, timeoutMs: number): KrakenTransportError {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  // Keep only the code and message: undici errors may hold request objects we must not leak.
  const cause = Object.assign(new Error(String(e.message ?? err)), { code });
  if (NOT_SENT_CODES.has(code)) return new KrakenTransportError(endpoint, 'not-sent', `connection failed (${code})`, { cause });
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new KrakenTransportError(endpoint, 'timeout', `no response within ${timeoutMs} ms`, { cause });
  }
  return new KrakenTransportError(endpoint, 'network', `network error (${code || 'unknown'}): ${cause.message}`, { cause });
}
