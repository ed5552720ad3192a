/**
 * Parses a REST request body the way Kraken accepts it: `application/x-www-form-urlencoded` or
 * `application/json`. Values are kept as strings (JSON numbers are re-read from the raw text so a
 * nanosecond nonce above 2^53 is not rounded).
 */
export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.trim() === '') return {};
  if ((contentType ?? '').includes('application/json') || raw.trimStart().startsWith('{')) {
    const doc = JSON.parse(raw) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('JSON body must be an object');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) out[k] = typeof v === 'number' ? rawNumberOf(raw, k) ?? String(v) : typeof v === 'boolean' ? String(v) : v;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

/** The literal digits of a top-level JSON number field (`"nonce": 1616492376594123456`). */
function rawNumberOf(raw: string, key: string): string | undefined {
  const re = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`);
  return re.exec(raw)?.[1];
}
