/**
 * A frame the client could not accept: not JSON, not a known message, or a known message
 * that violates its schema. It is reported (as an event), never thrown into the socket loop,
 * and carries the full raw frame so nothing is lost.
 */
export type ProtocolErrorKind = 'invalid_json' | 'unknown_message' | 'schema' | 'book_data' | 'unexpected_response';

export class KrakenWsProtocolError extends Error {
  constructor(
    readonly kind: ProtocolErrorKind,
    /** What was wrong, field by field ("data[0].asks[1].qty: expected a JSON number (got "abc")"). */
    readonly problems: readonly string[],
    /** The raw frame text as received. */
    readonly raw: string,
    /** Channel or method the frame claimed to be, when known. */
    readonly subject?: string,
  ) {
    super(`Kraken WS ${kind}${subject ? ` (${subject})` : ''}: ${problems.join('; ')} | frame: ${preview(raw)}`);
    this.name = 'KrakenWsProtocolError';
  }
}

function preview(raw: string): string {
  return raw.length <= 300 ? raw : `${raw.slice(0, 300)}... (${raw.length} chars)`;
}
