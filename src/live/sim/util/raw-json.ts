/**
 * JSON writer that can emit numbers exactly as text. Kraken WS v2 writes prices and quantities as JSON
 * numbers with the engine's full precision (`0.00100000`, `29430.0`), and `connection_id` exceeds 2^53.
 * `JSON.stringify` cannot produce either, so values that must keep their digits are wrapped in
 * `RawNumber` (or passed as bigint) and written verbatim.
 */
export class RawNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new RangeError(`not a JSON number: ${JSON.stringify(text)}`);
  }
}

/** Shorthand: a JSON number written with exactly these digits. */
export const raw = (text: string): RawNumber => new RawNumber(text);

/** Serialises like JSON.stringify (no indentation), but writes RawNumber/bigint verbatim and drops undefined fields. */
export function toJson(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',') + ']';
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(JSON.stringify(k) + ':' + toJson(v));
    }
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(value);
}
