import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { IMPORT_FORMATS, type ImportFormat, type ImportReport } from './import/report.ts';
import { DEFAULT_STORE_PATH, MarketStore } from './market-store.ts';
import { queryRows } from './sql.ts';

/**
 * The bundled real data set (data/bundled, described by manifest.json and data/README.md)
 * and the one call a user needs before a first backtest: ensureStore().
 */

export const BUNDLED_DIR = fileURLToPath(new URL('../../../data/bundled/', import.meta.url));

const entrySchema = z.object({
  path: z.string().min(1),
  format: z.enum(IMPORT_FORMATS as [ImportFormat, ...ImportFormat[]]),
  exchange: z.string().min(1),
  symbol: z.string().min(1),
  intervalMin: z.number().int().positive().optional(),
  rows: z.number().int().nonnegative(),
  /** SHA-256 of the file as bundled (checked by the tests: the bundle is what its provenance says). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  provenance: z.string().min(1),
});
const manifestSchema = z.object({ description: z.string().optional(), version: z.literal(1), files: z.array(entrySchema) });

export type ManifestEntry = z.infer<typeof entrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export async function readManifest(dir: string = BUNDLED_DIR): Promise<Manifest> {
  const file = join(dir, 'manifest.json');
  const parsed = manifestSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid manifest: ${parsed.error.message}`);
  return parsed.data;
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  readonly entry: ManifestEntry;
  readonly report: ImportReport;
}

export interface BundledOptions {
  /** Called after each file. */
  readonly onProgress?: (p: ImportProgress) => void;
  /** Draw a progress bar on stderr: true/false; by default only when stderr is a terminal. */
  readonly progressBar?: boolean;
  /** Folder holding manifest.json and the files (default data/bundled). */
  readonly dir?: string;
}

/** Imports every file of the manifest into `store` (idempotent, like every import). */
export async function importBundled(store: MarketStore, opts: BundledOptions = {}): Promise<ImportReport[]> {
  const dir = opts.dir ?? BUNDLED_DIR;
  const manifest = await readManifest(dir);
  const showBar = opts.progressBar ?? process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'market store {bar} {value}/{total} files | {file}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(manifest.files.length, 0, { file: '' });
  const reports: ImportReport[] = [];
  try {
    for (const entry of manifest.files) {
      const report = await store.importFile(join(dir, entry.path), {
        format: entry.format, exchange: entry.exchange, symbol: entry.symbol, intervalMin: entry.intervalMin,
      });
      reports.push(report);
      bar?.increment(1, { file: entry.path });
      opts.onProgress?.({ done: reports.length, total: manifest.files.length, entry, report });
    }
  } finally {
    bar?.stop();
  }
  return reports;
}

export interface EnsureStoreResult {
  readonly path: string;
  /** False when the store already had data and nothing was done. */
  readonly built: boolean;
  readonly reports: readonly ImportReport[];
}

/**
 * Makes sure a usable store exists at `path`: when the file is missing or empty (or holds no
 * candles and no imports), it is built from the bundled manifest; otherwise this is a no-op.
 * A new file is built under a temporary name and renamed at the end, so an interrupted build
 * never leaves a half-filled store that a later call would take as ready.
 */
export async function ensureStore(path: string = DEFAULT_STORE_PATH, opts: BundledOptions = {}): Promise<EnsureStoreResult> {
  if (path === ':memory:') throw new Error('ensureStore needs a file path; for an in-memory store use MarketStore.open(":memory:") and importBundled()');
  const missing = !existsSync(path) || statSync(path).size === 0;
  if (!missing) {
    const store = await MarketStore.open(path);
    try {
      const [{ n }] = await queryRows<{ n: number }>(store.connection, 'SELECT (SELECT count(*) FROM candles) + (SELECT count(*) FROM imports) AS n');
      if (n > 0) return { path, built: false, reports: [] };
      return { path, built: true, reports: await importBundled(store, opts) };
    } finally {
      store.close();
    }
  }
  const building = `${path}.building`;
  // A log without its database (a killed first build or a deleted store) belongs to nothing: drop it with the rest.
  for (const f of [path, `${path}.wal`, building, `${building}.wal`]) rmSync(f, { force: true });
  const store = await MarketStore.open(building);
  let reports: ImportReport[];
  try {
    reports = await importBundled(store, opts);
  } catch (err) {
    store.close();
    rmSync(building, { force: true });
    rmSync(`${building}.wal`, { force: true });
    throw err;
  }
  store.close();
  if (existsSync(`${building}.wal`)) renameSync(`${building}.wal`, `${path}.wal`);
  renameSync(building, path);
  return { path, built: true, reports };
}
