import { z } from 'zod';
import { isDecimalText, toPlainDecimal } from '../ws/decimal-text.ts';
import { CatalogDataError, v2SymbolFromWsname, type CatalogEntry } from './catalog-entry.ts';

/**
 * Catalog entries from a REST AssetPairs `result` (README section 8). Fields the catalog does
 * not use are ignored; the ones it uses are checked. Pairs without a usable `wsname` (e.g.
 * dark-pool ".d" pairs) cannot get a v2 symbol and are returned as skipped, with the reason.
 */

const decimalString = z.string().refine(isDecimalText, { message: 'expected a decimal string' });

const assetPair = z.object({
  altname: z.string().min(1),
  wsname: z.string().optional(),
  base: z.string().min(1),
  quote: z.string().min(1),
  pair_decimals: z.number().int().nonnegative(),
  lot_decimals: z.number().int().nonnegative(),
  cost_decimals: z.number().int().nonnegative().optional(),
  ordermin: decimalString.optional(),
  costmin: decimalString.optional(),
  tick_size: decimalString.optional(),
  status: z.string().optional(),
});

export interface SkippedPair {
  readonly pairId: string;
  readonly reason: string;
}

export interface AssetPairsCatalog {
  readonly entries: CatalogEntry[];
  readonly skipped: SkippedPair[];
}

/** Accepts the `result` map, or the whole `{error, result}` envelope. Throws CatalogDataError on malformed pairs. */
export function catalogFromAssetPairs(input: unknown): AssetPairsCatalog {
  const result = isEnvelope(input) ? input.result : input;
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new CatalogDataError('(all)', 'result', 'AssetPairs result must be an object keyed by pair id');
  }
  const entries: CatalogEntry[] = [];
  const skipped: SkippedPair[] = [];
  for (const [pairId, raw] of Object.entries(result as Record<string, unknown>)) {
    const parsed = assetPair.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CatalogDataError(pairId, issue.path.join('.') || '(pair)', issue.message);
    }
    const p = parsed.data;
    const symbol = p.wsname ? v2SymbolFromWsname(p.wsname) : undefined;
    if (!symbol) {
      skipped.push({ pairId, reason: p.wsname ? `wsname ${JSON.stringify(p.wsname)} is not BASE/QUOTE` : 'no wsname (not tradable on WebSocket)' });
      continue;
    }
    const [base, quote] = symbol.split('/');
    entries.push({
      symbol,
      pairId,
      altname: p.altname,
      wsname: p.wsname!,
      baseId: p.base,
      quoteId: p.quote,
      base,
      quote,
      priceDecimals: p.pair_decimals,
      lotDecimals: p.lot_decimals,
      costDecimals: p.cost_decimals ?? p.pair_decimals,
      ordermin: toPlainDecimal(p.ordermin ?? '0'),
      costmin: toPlainDecimal(p.costmin ?? '0'),
      tickSize: p.tick_size === undefined ? undefined : toPlainDecimal(p.tick_size),
      status: p.status ?? 'online',
      source: 'rest',
    });
  }
  return { entries, skipped };
}

function isEnvelope(v: unknown): v is { error: unknown; result: unknown } {
  return v !== null && typeof v === 'object' && 'result' in v && 'error' in v;
}
