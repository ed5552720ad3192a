import { z } from 'zod';
import { RawNumber } from '../exact-json.ts';

/**
 * Zod building blocks for frames parsed by `parseExactJson`: JSON numbers arrive as
 * `RawNumber` and leave as exact decimal text (prices, quantities) or checked integers.
 * A JSON string where Kraken sends a number is a schema violation, not silently accepted.
 */

const rawNumber = z.custom<RawNumber>((v) => v instanceof RawNumber, { message: 'expected a JSON number' });

const INTEGER_RE = /^-?\d+$/;

/** Exact decimal text as sent ("0.00100000", "1e-08", "-0.17"). */
export const decimal = rawNumber.transform((n) => n.text);

/** Exact decimal text that must not be negative (prices, quantities). */
export const nonNegativeDecimal = rawNumber
  .refine((n) => !n.text.startsWith('-'), { message: 'must not be negative' })
  .transform((n) => n.text);

/** A JSON integer that fits a JS number exactly. */
export const integer = rawNumber.transform((n, ctx) => {
  const value = Number(n.text);
  if (!INTEGER_RE.test(n.text) || !Number.isSafeInteger(value)) {
    ctx.addIssue({ code: 'custom', message: `expected a safe integer, got ${n.text}` });
    return z.NEVER;
  }
  return value;
});

/** A JSON integer of any size (e.g. status.connection_id > 2^53). */
export const bigInteger = rawNumber.transform((n, ctx) => {
  if (!INTEGER_RE.test(n.text)) {
    ctx.addIssue({ code: 'custom', message: `expected an integer, got ${n.text}` });
    return z.NEVER;
  }
  return BigInt(n.text);
});

/** RFC3339 text as Kraken writes it; kept as text (fractions up to nanoseconds, sometimes no "Z"). */
export const timestamp = z.string().min(1);

/** Unknown sub-structure passed through with numbers as decimal text, so no RawNumber leaks out. */
export const opaque = z.unknown().transform((v) => rawToText(v));

export function rawToText(v: unknown): unknown {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return v.map(rawToText);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rawToText(x)]));
  }
  return v;
}

export const side = z.enum(['buy', 'sell']);
export const warnings = z.array(z.string()).optional();
