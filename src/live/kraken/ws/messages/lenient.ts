import { z } from 'zod';

/**
 * Lenient parsing where Kraken may add values. Kraken extends its enums without notice (a new
 * `exec_type`, `order_status: "triggered"`, a new ledger type): one unknown value must not drop a
 * frame with every other execution in it. An unknown value is kept as the literal "unknown"; the
 * parser records (field, raw value) in the collector of the frame being parsed, so the client can
 * count it and log the frame once (see UnknownValueCounter).
 */

export const UNKNOWN = 'unknown' as const;

export interface UnknownValue {
  /** Schema field name ("exec_type", "order_status", ...). */
  readonly field: string;
  /** The value as sent, as text. */
  readonly value: string;
}

let collector: UnknownValue[] | undefined;

/** Runs a synchronous parse and returns the unknown enum values it met. */
export function collectUnknowns<T>(parse: () => T): { result: T; unknowns: UnknownValue[] } {
  const outer = collector;
  const mine: UnknownValue[] = [];
  collector = mine;
  try {
    return { result: parse(), unknowns: mine };
  } finally {
    collector = outer;
  }
}

/** An enum that maps any other string to "unknown" (recorded). Non-strings are still schema errors. */
export function lenientEnum<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  const known = new Set<string>(values);
  return z.string().transform((v): T[number] | typeof UNKNOWN => {
    if (known.has(v)) return v as T[number];
    collector?.push({ field, value: v });
    return UNKNOWN;
  });
}

/** Drops null-valued keys of an object (Kraken writes `"cl_ord_id": null` where other frames omit it). */
export function withoutNulls(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
}

/**
 * Counts unknown values per `field=value` and reports the first occurrence of each with the raw
 * frame (later ones are only counted), so logs stay readable while nothing goes unnoticed. The
 * `counts()` object is what the status page shows.
 */
export class UnknownValueCounter {
  private readonly byKey = new Map<string, number>();
  /** Live counter object (updated in place), for a status page that holds on to it. */
  readonly view: Record<string, number> = {};

  constructor(private readonly onFirst: (u: UnknownValue, raw: string) => void = () => {}) {}

  record(unknowns: readonly UnknownValue[], raw: string): void {
    for (const u of unknowns) {
      const key = `${u.field}=${u.value}`;
      const n = this.byKey.get(key) ?? 0;
      this.byKey.set(key, n + 1);
      this.view[key] = n + 1;
      if (n === 0) this.onFirst(u, raw);
    }
  }

  /** `{ "exec_type=triggered": 3, ... }` */
  counts(): Record<string, number> {
    return Object.fromEntries(this.byKey);
  }

  get total(): number {
    let t = 0;
    for (const n of this.byKey.values()) t += n;
    return t;
  }
}
