import type { InstrumentPair } from '../ws/messages/market-data.ts';
import { toPlainDecimal } from '../ws/decimal-text.ts';
import type { CatalogEntry } from './catalog-entry.ts';

/**
 * A catalog entry from a WS v2 `instrument` pair. The instrument channel speaks v2 names only,
 * so REST names (pair id, altname, v1 wsname) are left empty; merging with AssetPairs fills them.
 */
export function entryFromInstrumentPair(p: InstrumentPair): CatalogEntry {
  return {
    symbol: p.symbol,
    pairId: '',
    altname: '',
    wsname: '',
    baseId: p.base,
    quoteId: p.quote,
    base: p.base,
    quote: p.quote,
    priceDecimals: p.price_precision,
    lotDecimals: p.qty_precision,
    costDecimals: p.cost_precision,
    ordermin: toPlainDecimal(p.qty_min),
    costmin: toPlainDecimal(p.cost_min),
    tickSize: p.price_increment !== undefined ? toPlainDecimal(p.price_increment) : p.tick_size !== undefined ? toPlainDecimal(p.tick_size) : undefined,
    status: p.status,
    source: 'ws',
  };
}
