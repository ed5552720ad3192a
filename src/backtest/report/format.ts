/** Display formatting for the report. Deterministic: no locale or time zone of the machine. */

const DASH = '—';

const grouped = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatPercent(x: number | null, digits = 2): string {
  if (x === null) return DASH;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  return `${(x * 100).toFixed(digits)}%`;
}

/** Signed percent for return tables: "+1.2%", "-3.4%". */
export function formatSignedPercent(x: number | null, digits = 1): string {
  if (x === null) return DASH;
  const text = formatPercent(x, digits);
  return x > 0 ? `+${text}` : text;
}

export function formatRatio(x: number | null, digits = 2): string {
  if (x === null) return DASH;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  return x.toFixed(digits);
}

/** An amount in the quote currency, with thousands separators and 2 decimals. */
export function formatAmount(x: number | null): string {
  return x === null ? DASH : grouped.format(x);
}

export function formatCount(x: number | null): string {
  return x === null ? DASH : String(x);
}

/** "2024-03-05 14:00 UTC" (seconds shown only when non-zero). */
export function formatTime(t: number | null): string {
  if (t === null) return DASH;
  const iso = new Date(t).toISOString();
  const seconds = iso.slice(17, 23) === '00.000' ? '' : `:${iso.slice(17, 19)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

export function formatYears(years: number | null): string {
  if (years === null) return DASH;
  const days = years * 365.25;
  return days < 365.25 ? `${days.toFixed(1)} days` : `${years.toFixed(2)} years`;
}

export function formatConfigValue(value: string | number | boolean | null): string {
  return value === null ? 'null' : String(value);
}
