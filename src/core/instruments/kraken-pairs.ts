import { parseFixed } from '../decimal/fixed.ts';
import { decimalStep, type Instrument } from './instrument.ts';

/**
 * Kraken spot pairs known without a network round trip: the bundled data's pairs and the
 * original bot's universe. Names and precisions are Kraken's AssetPairs values (pair id,
 * altname, v1 wsname, v2 symbol); a live catalog refresh (src/live) supersedes them.
 */
export interface KrakenPairInfo {
  readonly symbol: string; // v2, canonical
  readonly pairId: string; // REST result key
  readonly altname: string;
  readonly wsname: string; // v1
  readonly baseId: string; // REST asset id
  readonly quoteId: string;
  readonly priceDecimals: number;
  readonly lotDecimals: number;
  readonly costDecimals: number;
  readonly ordermin: string;
  readonly costmin: string;
  /** Price increment when the source gives one (REST tick_size, WS price_increment); else 10^-priceDecimals. */
  readonly tickSize?: string;
  /** Quantity increment when the source gives one (WS qty_increment); else 10^-lotDecimals. */
  readonly qtyIncrement?: string;
}

export const KRAKEN_PAIRS: readonly KrakenPairInfo[] = [
  { symbol: 'BTC/USD', pairId: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD', baseId: 'XXBT', quoteId: 'ZUSD', priceDecimals: 1, lotDecimals: 8, costDecimals: 5, ordermin: '0.0001', costmin: '0.5' },
  { symbol: 'ETH/USD', pairId: 'XETHZUSD', altname: 'ETHUSD', wsname: 'ETH/USD', baseId: 'XETH', quoteId: 'ZUSD', priceDecimals: 2, lotDecimals: 8, costDecimals: 5, ordermin: '0.002', costmin: '0.5' },
  { symbol: 'LTC/USD', pairId: 'XLTCZUSD', altname: 'LTCUSD', wsname: 'LTC/USD', baseId: 'XLTC', quoteId: 'ZUSD', priceDecimals: 2, lotDecimals: 8, costDecimals: 5, ordermin: '0.05', costmin: '0.5' },
  { symbol: 'XRP/USD', pairId: 'XXRPZUSD', altname: 'XRPUSD', wsname: 'XRP/USD', baseId: 'XXRP', quoteId: 'ZUSD', priceDecimals: 5, lotDecimals: 8, costDecimals: 6, ordermin: '2', costmin: '0.5' },
  { symbol: 'SOL/USD', pairId: 'SOLUSD', altname: 'SOLUSD', wsname: 'SOL/USD', baseId: 'SOL', quoteId: 'ZUSD', priceDecimals: 2, lotDecimals: 8, costDecimals: 5, ordermin: '0.02', costmin: '0.5' },
  { symbol: 'ADA/USD', pairId: 'ADAUSD', altname: 'ADAUSD', wsname: 'ADA/USD', baseId: 'ADA', quoteId: 'ZUSD', priceDecimals: 6, lotDecimals: 8, costDecimals: 8, ordermin: '5', costmin: '0.5' },
  { symbol: 'DOT/USD', pairId: 'DOTUSD', altname: 'DOTUSD', wsname: 'DOT/USD', baseId: 'DOT', quoteId: 'ZUSD', priceDecimals: 4, lotDecimals: 8, costDecimals: 8, ordermin: '0.5', costmin: '0.5' },
  { symbol: 'LINK/USD', pairId: 'LINKUSD', altname: 'LINKUSD', wsname: 'LINK/USD', baseId: 'LINK', quoteId: 'ZUSD', priceDecimals: 5, lotDecimals: 8, costDecimals: 8, ordermin: '0.2', costmin: '0.5' },
  { symbol: 'DOGE/USD', pairId: 'XDGUSD', altname: 'XDGUSD', wsname: 'XDG/USD', baseId: 'XXDG', quoteId: 'ZUSD', priceDecimals: 7, lotDecimals: 8, costDecimals: 8, ordermin: '20', costmin: '0.5' },
  { symbol: 'POL/USD', pairId: 'POLUSD', altname: 'POLUSD', wsname: 'POL/USD', baseId: 'POL', quoteId: 'ZUSD', priceDecimals: 4, lotDecimals: 8, costDecimals: 8, ordermin: '5', costmin: '0.5' },
  { symbol: 'AVAX/USD', pairId: 'AVAXUSD', altname: 'AVAXUSD', wsname: 'AVAX/USD', baseId: 'AVAX', quoteId: 'ZUSD', priceDecimals: 2, lotDecimals: 8, costDecimals: 8, ordermin: '0.1', costmin: '0.5' },
  { symbol: 'ETH/BTC', pairId: 'XETHXXBT', altname: 'ETHXBT', wsname: 'ETH/XBT', baseId: 'XETH', quoteId: 'XXBT', priceDecimals: 5, lotDecimals: 8, costDecimals: 6, ordermin: '0.01', costmin: '0.00002' },
  { symbol: 'USDC/USD', pairId: 'USDCUSD', altname: 'USDCUSD', wsname: 'USDC/USD', baseId: 'USDC', quoteId: 'ZUSD', priceDecimals: 4, lotDecimals: 8, costDecimals: 8, ordermin: '5', costmin: '0.5' },
  { symbol: 'USDT/USD', pairId: 'USDTZUSD', altname: 'USDTZUSD', wsname: 'USDT/USD', baseId: 'USDT', quoteId: 'ZUSD', priceDecimals: 5, lotDecimals: 8, costDecimals: 8, ordermin: '5', costmin: '0.5' },
];

/** Kraken REST asset ids and altnames that differ from the ISO-style code used everywhere else. */
export const KRAKEN_ASSET_ALIASES: Readonly<Record<string, string>> = {
  XXBT: 'BTC', XBT: 'BTC', XBTC: 'BTC',
  XETH: 'ETH', XLTC: 'LTC', XXRP: 'XRP', XXLM: 'XLM', XETC: 'ETC', XZEC: 'ZEC', XXMR: 'XMR',
  XXDG: 'DOGE', XDG: 'DOGE',
  ZUSD: 'USD', ZEUR: 'EUR', ZGBP: 'GBP', ZCAD: 'CAD', ZJPY: 'JPY', ZAUD: 'AUD', ZCHF: 'CHF',
  MATIC: 'POL',
};

export function krakenInstrument(info: KrakenPairInfo): Instrument {
  const [base, quote] = info.symbol.split('/');
  return {
    symbol: info.symbol,
    base,
    quote,
    priceDecimals: info.priceDecimals,
    lotDecimals: info.lotDecimals,
    costDecimals: info.costDecimals,
    minQty: parseFixed(info.ordermin),
    minCost: parseFixed(info.costmin),
    qtyIncrement: info.qtyIncrement ? parseFixed(info.qtyIncrement) : decimalStep(info.lotDecimals),
    tickSize: info.tickSize ? parseFixed(info.tickSize) : decimalStep(info.priceDecimals),
    exchange: 'kraken',
  };
}
