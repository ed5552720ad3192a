import { firstLine } from './line-reader.ts';
import { ImportError, type ImportFormat } from './report.ts';

/**
 * Guesses a file's format from its first line when the caller did not say. Only the format is
 * guessed; the exchange of a normalised file must still be given.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const line = await firstLine(path);
  if (line === undefined) throw new ImportError(`${path} is empty; cannot tell its format`);
  const fields = line.split(',').map((f) => f.trim().toLowerCase());
  if (fields[0] === 'open_time') return 'binance-klines';
  if (fields[0] === 'timestamp') return 'normalised-ohlcv';
  if (/^\d/.test(fields[0])) {
    if (fields.length === 3) return 'kraken-trades';
    if (fields.length === 7) return 'kraken-ohlcvt';
    if (fields.length === 12) return 'binance-klines';
  }
  throw new ImportError(`${path}: cannot tell the format from its first line ${JSON.stringify(line.slice(0, 120))}; pass format (one of kraken-ohlcvt, kraken-trades, normalised-ohlcv, binance-klines)`);
}
