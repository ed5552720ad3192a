import { crc32 } from '../util/crc32.ts';

/** One book level as text, exactly as written on the wire (`"29430.2"`, `"0.00100000"`). */
export interface LevelText {
  readonly price: string;
  readonly qty: string;
}

/** Digits of a decimal text with the point removed and leading zeros stripped (`0.00100000` -> `100000`). */
export function checksumDigits(text: string): string {
  const stripped = text.replace('.', '').replace(/^0+/, '');
  return stripped;
}

/**
 * Kraken WS v2 book checksum: CRC-32 over the top 10 asks (ascending) then top 10 bids (descending),
 * each level contributing price digits then qty digits (README 10.4). Callers pass levels best-first.
 */
export function bookChecksum(asks: readonly LevelText[], bids: readonly LevelText[]): number {
  let s = '';
  for (const l of asks.slice(0, 10)) s += checksumDigits(l.price) + checksumDigits(l.qty);
  for (const l of bids.slice(0, 10)) s += checksumDigits(l.price) + checksumDigits(l.qty);
  return crc32(s);
}
