import { describe, expect, it } from 'vitest';
import { UnknownSymbolError } from '../../../src/core/instruments/symbols.ts';
import { canonicalSymbol, parseDataFileName, splitBinanceSymbol, SymbolNameError } from '../../../src/backtest/store/symbols.ts';

describe('splitBinanceSymbol', () => {
  it.each([
    ['AVAXUSDT', 'AVAX/USDT'], ['ethbtc', 'ETH/BTC'], ['BTCFDUSD', 'BTC/FDUSD'], ['SOLUSDC', 'SOL/USDC'],
    ['BTCEUR', 'BTC/EUR'], ['ADAETH', 'ADA/ETH'], ['BNBBUSD', 'BNB/BUSD'], ['AVAX/USDT', 'AVAX/USDT'],
  ])('%s -> %s', (name, symbol) => expect(splitBinanceSymbol(name)).toBe(symbol));

  it('names the known quotes when it cannot split', () => {
    expect(() => splitBinanceSymbol('BTCXYZ')).toThrow(SymbolNameError);
    expect(() => splitBinanceSymbol('BTCXYZ')).toThrow(/USDT, USDC/);
    expect(() => splitBinanceSymbol('USDT')).toThrow(SymbolNameError);
  });
});

describe('canonicalSymbol', () => {
  it('resolves Kraken spellings through the SymbolTable', () => {
    expect(canonicalSymbol('kraken', 'XBTUSD')).toBe('BTC/USD');
    expect(canonicalSymbol('kraken', 'XXBTZUSD')).toBe('BTC/USD');
    expect(canonicalSymbol('kraken', 'XBT/USD')).toBe('BTC/USD');
  });

  it('an unknown Kraken pair lists the known ones', () => {
    expect(() => canonicalSymbol('kraken', 'FOOUSD')).toThrow(UnknownSymbolError);
    expect(() => canonicalSymbol('kraken', 'FOOUSD')).toThrow(/BTC\/USD, ETH\/USD/);
  });

  it('other exchanges need BASE/QUOTE', () => {
    expect(canonicalSymbol('coinbase', 'btc/usd')).toBe('BTC/USD');
    expect(() => canonicalSymbol('coinbase', 'BTCUSD')).toThrow(/BASE\/QUOTE/);
  });
});

describe('parseDataFileName', () => {
  it.each([
    ['data/XBTUSD_60.csv.gz', { pairName: 'XBTUSD', intervalMin: 60 }],
    ['ETHUSD_1440.csv', { pairName: 'ETHUSD', intervalMin: 1440 }],
    ['/x/AVAXUSDT-1m-2026-06.csv.gz', { pairName: 'AVAXUSDT', intervalMin: 1 }],
    ['BTCUSDT-1h-2024-01.csv', { pairName: 'BTCUSDT', intervalMin: 60 }],
    ['XBTUSD.csv', { pairName: 'XBTUSD' }],
    ['weird name!.csv', undefined],
  ])('%s', (path, expected) => expect(parseDataFileName(path)).toEqual(expected));
});
