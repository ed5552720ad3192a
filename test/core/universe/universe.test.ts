import { describe, expect, it } from 'vitest';
import { KRAKEN_PAIRS, type KrakenPairInfo } from '../../../src/core/instruments/kraken-pairs.ts';
import { toCanonical, toKraken, tryCanonical, UNIVERSE_SYMBOLS, UniverseError, validateAgainstCatalog } from '../../../src/core/universe/universe.ts';

describe('universe', () => {
  it('has the ten USD pairs of the original bot', () => {
    expect(UNIVERSE_SYMBOLS).toEqual(['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD', 'DOT/USD', 'LINK/USD', 'DOGE/USD', 'POL/USD', 'AVAX/USD']);
  });

  it.each([
    ['XXBTZUSD', 'BTC/USD'], ['XBTUSD', 'BTC/USD'], ['XBT/USD', 'BTC/USD'], ['btc/usd', 'BTC/USD'], ['BTC-USD', 'BTC/USD'],
    ['XETHZUSD', 'ETH/USD'], ['SOLUSD', 'SOL/USD'], ['XXRPZUSD', 'XRP/USD'], ['ADAUSD', 'ADA/USD'], ['DOTUSD', 'DOT/USD'],
    ['LINK/USD', 'LINK/USD'], ['XDGUSD', 'DOGE/USD'], ['XDG/USD', 'DOGE/USD'], ['DOGE/USD', 'DOGE/USD'],
    ['MATIC/USD', 'POL/USD'], ['MATICUSD', 'POL/USD'], ['POLUSD', 'POL/USD'], ['AVAXUSD', 'AVAX/USD'], [' avax/usd ', 'AVAX/USD'],
  ])('%s -> %s', (name, symbol) => {
    expect(toCanonical(name)).toBe(symbol);
  });

  it.each([['LTC/USD'], ['XLTCZUSD'], ['BTC/EUR'], ['ETH/BTC'], ['FOO'], [''], ['USD'], ['USDT/USD']])('%j is an error naming the universe', (name) => {
    expect(tryCanonical(name)).toBeUndefined();
    expect(() => toCanonical(name)).toThrow(UniverseError);
    expect(() => toCanonical(name)).toThrow(/not in the universe \(BTC\/USD, ETH\/USD/);
  });

  it.each([
    ['BTC/USD', { pairId: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD' }],
    ['DOGE/USD', { pairId: 'XDGUSD', altname: 'XDGUSD', wsname: 'XDG/USD' }],
    ['MATIC/USD', { pairId: 'POLUSD', altname: 'POLUSD', wsname: 'POL/USD' }],
    ['ETH/USD', { pairId: 'XETHZUSD', altname: 'ETHUSD', wsname: 'ETH/USD' }],
  ])('canonical -> Kraken names: %s', (name, names) => {
    expect(toKraken(name)).toMatchObject(names);
  });

  it('round-trips every universe pair through each Kraken name', () => {
    for (const s of UNIVERSE_SYMBOLS) {
      const k = toKraken(s);
      for (const n of [k.pairId, k.altname, k.wsname]) expect(toCanonical(n)).toBe(s);
    }
  });

  it('validates against a catalog: the static table passes with its precisions', () => {
    const instruments = validateAgainstCatalog(KRAKEN_PAIRS);
    expect(instruments.map((i) => i.symbol)).toEqual(UNIVERSE_SYMBOLS);
    expect(instruments.find((i) => i.symbol === 'DOGE/USD')).toMatchObject({ base: 'DOGE', quote: 'USD', priceDecimals: 7 });
  });

  it('accepts a catalog listing MATIC under its old name and names every missing pair', () => {
    const legacy: KrakenPairInfo[] = KRAKEN_PAIRS.map((p) => (p.symbol === 'POL/USD' ? { ...p, symbol: 'MATIC/USD', pairId: 'MATICUSD', altname: 'MATICUSD', wsname: 'MATIC/USD', baseId: 'MATIC' } : p));
    expect(validateAgainstCatalog(legacy).find((i) => i.symbol === 'POL/USD')?.base).toBe('POL');
    const partial = KRAKEN_PAIRS.filter((p) => p.symbol !== 'AVAX/USD' && p.symbol !== 'LINK/USD');
    expect(() => validateAgainstCatalog(partial)).toThrow(/catalog lacks universe pairs LINK\/USD, AVAX\/USD/);
    expect(() => validateAgainstCatalog(KRAKEN_PAIRS, ['LTC/USD'])).toThrow(/not in the universe/);
  });
});
