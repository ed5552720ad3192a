/** Parses the CLI's UTC dates: "2019-01-01" or "2019-01-01T12:00[:00][Z]". Anything else is an error naming the flag. */
export function parseUtcDate(flag: string, text: string): { ms: number; dateOnly: boolean } {
  const s = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
  const dateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/.test(s);
  if (!dateOnly && !dateTime) throw new Error(`${flag}: "${text}" is not a UTC date (YYYY-MM-DD) or datetime (YYYY-MM-DDTHH:MM[:SS][Z])`);
  const iso = dateOnly ? `${s}T00:00:00Z` : s.replace(' ', 'T') + (s.endsWith('Z') ? '' : 'Z');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== s.slice(0, 10)) throw new Error(`${flag}: "${text}" is not a real calendar date`);
  return { ms, dateOnly };
}

/** The run's [from, to) in epoch ms: a date-only --to includes that whole day. */
export function parseRange(from: string, to: string): { from: number; to: number } {
  const f = parseUtcDate('--from', from);
  const t = parseUtcDate('--to', to);
  const end = t.dateOnly ? t.ms + 86_400_000 : t.ms;
  if (f.ms >= end) throw new Error(`--from ${from} is not before --to ${to}: the range is empty or inverted`);
  return { from: f.ms, to: end };
}
