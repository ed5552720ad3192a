import { UNIVERSE_SYMBOLS } from './universe.ts';

/**
 * The one order a run lists its pairs in, whatever order they were given: the universe's own
 * order first (BTC, ETH, SOL, XRP, ADA, ... roughly by liquidity), then any other pair by
 * symbol. Candles of one close time reach the strategy in this order, so it is the tie-break
 * of rules that depend on what was bought first (the correlation veto prefers the more
 * liquid pair), and the same set of pairs always gives the same event log and hash.
 */
export function canonicalPairOrder<T extends { readonly symbol: string }>(pairs: readonly T[]): T[] {
  const rank = (s: string) => {
    const i = UNIVERSE_SYMBOLS.indexOf(s);
    return i < 0 ? UNIVERSE_SYMBOLS.length : i;
  };
  return [...pairs].sort((a, b) => rank(a.symbol) - rank(b.symbol) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
