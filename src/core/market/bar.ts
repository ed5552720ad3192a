/**
 * A closed candle as strategies and venues see it. The kernel reuses one instance for every
 * candle (no allocation on the hot path), so read it inside the callback and do not keep it.
 */
export class Bar {
  pairIndex = 0;
  symbol = '';
  openTime = 0;
  closeTime = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  trades = 0;
}
