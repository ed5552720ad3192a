import { crc32 } from './crc32.ts';

/** A price level with its exact decimal text. */
export interface BookLevel {
  readonly price: string;
  readonly qty: string;
}

/** Number of levels per side that enter the checksum, whatever the subscribed depth. */
export const CHECKSUM_LEVELS = 10;

/** "0.00100000" -> "100000", "45285.2" -> "452852": decimal point removed, leading zeros stripped. */
export function checksumDigits(text: string): string {
  return text.replace('.', '').replace(/^0+/, '');
}

/**
 * The string Kraken's CRC covers: top 10 asks (ascending) then top 10 bids (descending),
 * each level as price digits followed by qty digits. Sides are given best-first.
 */
export function checksumInput(asks: readonly BookLevel[], bids: readonly BookLevel[]): string {
  let s = '';
  for (let i = 0; i < asks.length && i < CHECKSUM_LEVELS; i++) s += checksumDigits(asks[i].price) + checksumDigits(asks[i].qty);
  for (let i = 0; i < bids.length && i < CHECKSUM_LEVELS; i++) s += checksumDigits(bids[i].price) + checksumDigits(bids[i].qty);
  return s;
}

export function bookChecksum(asks: readonly BookLevel[], bids: readonly BookLevel[]): number {
  return crc32(checksumInput(asks, bids));
}
