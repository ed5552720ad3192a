/**
 * Process-wide registry of secret strings and the `redact` helper that scrubs them from text.
 * Every `Secret` registers itself, so anything that builds a log line or an error message can
 * pass it through `redact` without knowing which secrets exist.
 */
export const REDACTED = '[redacted]';

/** Shorter strings would redact ordinary words; real Kraken keys are ~56 and secrets ~88 chars. */
const MIN_SECRET_LENGTH = 8;

const known = new Set<string>();
let ordered: string[] = [];

/** Registers a secret value (and its URL-encoded form, which is how it would appear in a form body). */
export function registerSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  const before = known.size;
  known.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) known.add(encoded);
  if (known.size !== before) ordered = [...known].sort((a, b) => b.length - a.length);
}

/** Removes every registered secret from `text`. Longest first, so a secret containing another is fully removed. */
export function redact(text: string): string {
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Deep-copies plain data (log fields) with every string redacted; non-plain objects become their redacted string. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return redact(String(value));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}
