/** What an import did, line by line where it matters. */

export type CandleFormat = 'kraken-ohlcvt' | 'normalised-ohlcv' | 'binance-klines';
export type ImportFormat = CandleFormat | 'kraken-trades';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['kraken-ohlcvt', 'kraken-trades', 'normalised-ohlcv', 'binance-klines'];

export interface BadRow {
  /** 1-based physical line number in the (decompressed) file. */
  readonly line: number;
  readonly reason: string;
  /** The line as read (cut at 200 characters). */
  readonly text: string;
}

export interface ImportReport {
  readonly file: string;
  readonly format: ImportFormat;
  readonly exchange: string;
  readonly symbol: string;
  readonly intervalMin?: number;
  readonly sha256: string;
  /** Data rows read (header and blank lines excluded). */
  readonly rowsRead: number;
  readonly inserted: number;
  /** Good rows whose key was already stored (re-import, overlapping files); the stored row is kept. */
  readonly skippedDuplicates: number;
  /** Among skippedDuplicates: rows whose stored values differ from the file's. Worth a look when > 0. */
  readonly conflicts: number;
  /** Rows refused (only non-empty when the caller passed skipBadRows: true). */
  readonly skippedBad: readonly BadRow[];
  /**
   * True when the same file (SHA-256) had been imported before with the same options and its
   * good rows stored, and this import inserted nothing. A 0-row attempt does not count.
   */
  readonly alreadyImported: boolean;
}

/** Thrown when a file has bad rows and skipBadRows was not set. Nothing was written. */
export class ImportRejectedError extends Error {
  constructor(readonly file: string, readonly badRows: readonly BadRow[]) {
    const shown = badRows.slice(0, 20).map((b) => `  ${file}:${b.line}: ${b.reason}: ${JSON.stringify(b.text)}`);
    const more = badRows.length > 20 ? [`  ... and ${badRows.length - 20} more bad lines`] : [];
    super([`${file}: ${badRows.length} bad row${badRows.length === 1 ? '' : 's'}; import rejected, nothing was written. Fix the file or pass skipBadRows: true to import the good rows.`, ...shown, ...more].join('\n'));
    this.name = 'ImportRejectedError';
  }
}

/** A problem with the file as a whole (format, header, name, options), raised before any row is stored. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
