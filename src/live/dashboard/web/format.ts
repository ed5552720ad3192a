/**
 * Display formatting. Money arrives as exact decimal text and is rounded here as text (half up,
 * no float), to the instrument's price or lot decimals, with thousands separators.
 */
export function roundText(text: string | null | undefined, decimals: number): string {
  if (text === null || text === undefined || text === '') return '';
  let s = text.trim();
  const neg = s.startsWith('-');
  if (neg || s.startsWith('+')) s = s.slice(1);
  if (/e/i.test(s)) s = Number(s).toFixed(Math.min(decimals + 2, 20));
  let [int, frac = ''] = s.split('.');
  if (!/^\d*$/.test(int) || !/^\d*$/.test(frac)) return text;
  int ||= '0';
  if (frac.length > decimals) {
    const up = frac.charCodeAt(decimals) >= 53; // '5'
    frac = frac.slice(0, decimals);
    if (up) {
      const digits = (int + frac).split('').map(Number);
      let i = digits.length - 1;
      while (i >= 0 && digits[i] === 9) digits[i--] = 0;
      if (i < 0) digits.unshift(1);
      else digits[i]++;
      const all = digits.join('');
      int = all.slice(0, all.length - decimals) || '0';
      frac = decimals ? all.slice(all.length - decimals) : '';
    }
  } else frac = frac.padEnd(decimals, '0');
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = decimals > 0 ? `${grouped}.${frac}` : grouped;
  const isZero = /^[0,.]*$/.test(body);
  return neg && !isZero ? `-${body}` : body;
}

/** Decimal places of a quote/asset for amounts: fiat and stablecoins 2, BTC-like 8, else 6. */
export function assetDecimals(asset: string): number {
  if (['USD', 'EUR', 'GBP', 'CAD', 'JPY', 'CHF', 'AUD', 'USDT', 'USDC'].includes(asset)) return asset === 'JPY' ? 0 : 2;
  if (asset === 'BTC' || asset === 'ETH') return 8;
  return 6;
}

export function amount(text: string | null | undefined, asset: string, decimals = assetDecimals(asset)): string {
  if (text === null || text === undefined) return '—';
  return `${roundText(text, decimals)} ${asset}`;
}

export function signed(text: string | null | undefined, decimals: number): string {
  if (text === null || text === undefined) return '—';
  const r = roundText(text, decimals);
  return r.startsWith('-') || /^[0,.]*$/.test(r) ? r : `+${r}`;
}

export function signClass(text: string | number | null | undefined): string {
  const n = typeof text === 'number' ? text : Number(text);
  if (!Number.isFinite(n) || n === 0) return '';
  return n > 0 ? 'up' : 'down';
}

export function pct(x: number | null | undefined, digits = 2, sign = true): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${sign && x > 0 ? '+' : ''}${x.toFixed(digits)}%`;
}

/** Compact volume: 1.23M, 45.6K. */
export function compact(text: string | null | undefined): string {
  const n = Number(text);
  if (text === null || text === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(2)}K`;
  return n.toFixed(abs >= 1 ? 2 : 4);
}

export function utc(ms: number | null | undefined, withSeconds = true): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}Z`;
}

export function local(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  return `${new Date(ms).toLocaleString()} (local)`;
}
