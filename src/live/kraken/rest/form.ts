/** Form encoding of request parameters: the exact text that is both signed and sent. */
export type ParamValue = string | number | boolean | bigint | readonly string[] | undefined;
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * `application/x-www-form-urlencoded`, keys in insertion order, undefined skipped, booleans as
 * `true`/`false`, arrays comma-joined (Kraken's list syntax). `+` becomes `%2B`, as Kraken wants
 * for relative times like `+60`.
 */
export function encodeForm(params: Params): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return out.toString();
}
