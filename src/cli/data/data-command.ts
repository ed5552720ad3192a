import cliProgress from 'cli-progress';
import type { Argv, CommandModule } from 'yargs';
import { parseUtcDate } from '../../backtest/run/dates.ts';
import { IMPORT_FORMATS, ImportError, ImportRejectedError, MarketStore, StoreOpenError, type ImportFormat, type ImportReport } from '../../backtest/store/index.ts';
import { UnknownSymbolError } from '../../core/instruments/symbols.ts';
import { listData, formatListing } from '../../research/download/data-listing.ts';
import { KrakenError } from '../../live/kraken/rest/index.ts';
import { downloadCandles, DownloadError, publicClient, updateDownloads, type DownloadProgress, type DownloadReport } from '../../research/download/kraken-download.ts';
import { CliError } from '../cli-error.ts';
import { defaultStorePath } from '../store-path.ts';

/**
 * `krakenbt data download|update|list|import`: market data into the DuckDB store.
 * Results on stdout (pure JSON with --json), progress bars and notes on stderr.
 */

const KRAKEN = 'https://api.kraken.com';

interface Common {
  store: string;
  json: boolean;
}

const common = <T>(y: Argv<T>) =>
  y
    .option('store', { type: 'string', default: defaultStorePath(), describe: 'DuckDB store file', defaultDescription: '$KRAKENBT_STORE or ./data/store/market.duckdb' })
    .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON on stdout' });

const remote = <T>(y: Argv<T>) =>
  y.option('endpoint', { type: 'string', default: KRAKEN, describe: 'Kraken REST base URL (a loopback simulator in tests)' });

/** Expected failures become one-line CliErrors; anything else is a bug and keeps its stack. */
function asCliError(err: unknown): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof ImportRejectedError) {
    const b = err.badRows[0];
    const more = err.badRows.length > 1 ? ` (and ${err.badRows.length - 1} more)` : '';
    return new CliError(`${err.file}: ${err.badRows.length} bad row${err.badRows.length === 1 ? '' : 's'}, import rejected, nothing written: ${err.file}:${b.line}: ${b.reason}${more}; --skip-bad-rows stores the good rows`);
  }
  const code = (err as { code?: string })?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return new CliError((err as Error).message.split('\n')[0]);
  if (err instanceof ImportError || err instanceof DownloadError || err instanceof UnknownSymbolError || err instanceof StoreOpenError) return new CliError(err.message.split('\n')[0]);
  if (err instanceof KrakenError) return new CliError(`Kraken REST: ${err.message.split('\n')[0]}`);
  return err;
}

async function withStore<T>(path: string, body: (store: MarketStore) => Promise<T>): Promise<T> {
  let store: MarketStore;
  try {
    store = await MarketStore.open(path);
  } catch (err) {
    throw asCliError(err);
  }
  try {
    return await body(store);
  } catch (err) {
    throw asCliError(err);
  } finally {
    store.close();
  }
}

function date(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseUtcDate(flag, text).ms;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function out(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text);
}

/** A progress bar on stderr when it is a terminal (or forced); silent otherwise so logs stay clean. */
function progressBar(label: string, enabled: boolean) {
  if (!enabled) return { update: (_v: number, _t: number, _info?: string) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} {bar} {percentage}% | {info}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(value: number, total: number, info = '') {
      if (!started) {
        bar.start(Math.max(1, total), 0, { info });
        started = true;
      }
      bar.setTotal(Math.max(1, total));
      bar.update(Math.min(value, total), { info });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

const showProgress = (a: { progress?: boolean }) => a.progress ?? process.stderr.isTTY === true;

function downloadLine(r: DownloadReport): string {
  const note = r.firstAvailable !== undefined ? ` (Kraken has nothing before ${iso(r.firstAvailable)})` : '';
  return `${r.exchange} ${r.symbol} ${r.interval}m via ${r.source}: ${iso(r.from)} .. ${iso(r.to)}, ${r.candles} candles (${r.inserted} new)${r.source === 'trades' ? `, ${r.trades} trades stored` : ''}, ${r.requests} requests${note}\n`;
}

function onDownloadProgress(enabled: boolean) {
  const bar = progressBar('download', enabled);
  return {
    bar,
    on: (p: DownloadProgress) => bar.update(p.at - p.from, p.to - p.from, `${p.pair} ${p.interval}m ${p.source} at ${iso(p.at).slice(0, 16)}`),
  };
}

type DownloadArgs = Common & { endpoint: string; pair: string[]; interval: string; from?: string; to?: string; source: 'auto' | 'ohlc' | 'trades'; progress?: boolean };

const downloadCommand: CommandModule<object, DownloadArgs> = {
  command: 'download',
  describe: "download candles from Kraken's public REST API (OHLC for the latest 720 candles, else built from Trades)",
  builder: (y) =>
    remote(common(y))
      .option('pair', { type: 'string', array: true, demandOption: true, describe: 'pair(s), any Kraken spelling (BTC/USD, XBTUSD)' })
      .option('interval', { type: 'string', default: '60', describe: 'candle interval: 1, 5, 15, 30, 60, 240, 1440, 10080, 21600 minutes, or 1h, 1d, ...' })
      .option('from', { type: 'string', describe: 'first candle (UTC date); default: as far back as OHLC serves (720 candles)' })
      .option('to', { type: 'string', describe: 'stop before this UTC date; default: now' })
      .option('source', { choices: ['auto', 'ohlc', 'trades'] as const, default: 'auto' as const, describe: 'OHLC or Trades; auto picks OHLC when the range fits its window' })
      .option('progress', { type: 'boolean', describe: 'progress bar on stderr (default: when stderr is a terminal)' }) as unknown as Argv<DownloadArgs>,
  handler: async (a) => {
    const from = date('--from', a.from);
    const to = date('--to', a.to);
    if (from !== undefined && to !== undefined && from >= to) throw new CliError(`--from ${a.from} is not before --to ${a.to}`);
    const client = publicClient(a.endpoint);
    const { bar, on } = onDownloadProgress(showProgress(a));
    try {
      const reports = await withStore(a.store, async (store) => {
        const rs: DownloadReport[] = [];
        for (const pair of a.pair) rs.push(await downloadCandles(client, store, { pair, interval: a.interval, from, to, source: a.source, onProgress: on }));
        return rs;
      });
      bar.stop();
      out(a.json, reports, reports.map(downloadLine).join(''));
    } finally {
      bar.stop();
      await client.close();
    }
  },
};

type UpdateArgs = Common & { endpoint: string; pair?: string; interval?: string; progress?: boolean };

const updateCommand: CommandModule<object, UpdateArgs> = {
  command: 'update',
  describe: 'bring downloaded series up to now, resuming from the last stored candle or trade id',
  builder: (y) =>
    remote(common(y))
      .option('pair', { type: 'string', describe: 'only this pair' })
      .option('interval', { type: 'string', describe: 'only this interval' })
      .option('progress', { type: 'boolean', describe: 'progress bar on stderr (default: when stderr is a terminal)' }) as unknown as Argv<UpdateArgs>,
  handler: async (a) => {
    const client = publicClient(a.endpoint);
    const { bar, on } = onDownloadProgress(showProgress(a));
    try {
      const reports = await withStore(a.store, (store) => updateDownloads(client, store, { pair: a.pair, interval: a.interval, onProgress: on }));
      bar.stop();
      out(a.json, reports, reports.map(downloadLine).join(''));
    } finally {
      bar.stop();
      await client.close();
    }
  },
};

type ListArgs = Common & { exchange?: string; pair?: string };

const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'list stored pairs, timeframes, ranges and gaps',
  builder: (y) =>
    common(y)
      .option('exchange', { type: 'string', describe: 'only this exchange (kraken, binance)' })
      .option('pair', { type: 'string', describe: 'only this pair (as stored, e.g. BTC/USD)' }) as unknown as Argv<ListArgs>,
  handler: async (a) => {
    const listing = await withStore(a.store, (store) => listData(store, { exchange: a.exchange, symbol: a.pair }));
    out(a.json, listing, formatListing(listing));
  },
};

type ImportArgs = Common & { files: string[]; format?: ImportFormat; exchange?: string; pair?: string; interval?: string; skipBadRows: boolean; progress?: boolean };

const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <files..>',
  describe: 'import Kraken OHLCVT archive files, Kraken trades files, normalised CSV or Binance klines (.csv or .csv.gz)',
  builder: (y) =>
    common(y)
      .positional('files', { type: 'string', array: true, describe: 'files to import' })
      .option('format', { choices: IMPORT_FORMATS, describe: 'file format (guessed from the first line when omitted)' })
      .option('exchange', { type: 'string', describe: 'exchange of a normalised CSV (kraken or binance)' })
      .option('pair', { type: 'string', describe: 'pair, when the file name does not say (XBTUSD_60.csv does)' })
      .option('interval', { type: 'string', describe: 'candle interval, when the file name does not say' })
      .option('skip-bad-rows', { type: 'boolean', default: false, describe: 'store the good rows and list the bad ones instead of rejecting the file' })
      .option('progress', { type: 'boolean', describe: 'progress bar on stderr (default: when stderr is a terminal)' }) as unknown as Argv<ImportArgs>,
  handler: async (a) => {
    const reports = await withStore(a.store, async (store) => {
      const rs: ImportReport[] = [];
      for (const file of a.files) {
        const bar = progressBar(`import ${file}`, showProgress(a));
        try {
          rs.push(await store.importFile(file, {
            format: a.format, exchange: a.exchange, symbol: a.pair, intervalMin: a.interval, skipBadRows: a.skipBadRows,
            onProgress: (done, total) => bar.update(done, total, `${Math.round(done / 1024)} of ${Math.round(total / 1024)} KiB`),
          }));
        } finally {
          bar.stop();
        }
      }
      return rs;
    });
    const text = reports
      .map((r) => `${r.file}: ${r.format} ${r.exchange} ${r.symbol}${r.intervalMin ? ` ${r.intervalMin}m` : ''}: ${r.rowsRead} rows, ${r.inserted} new, ${r.skippedDuplicates} already stored${r.conflicts ? ` (${r.conflicts} differ from the stored values)` : ''}${r.skippedBad.length ? `, ${r.skippedBad.length} bad rows skipped` : ''}${r.alreadyImported ? ' (already imported)' : ''}\n`
        + r.skippedBad.slice(0, 20).map((b) => `  ${r.file}:${b.line}: ${b.reason}\n`).join(''))
      .join('');
    out(a.json, reports, text);
  },
};

export const dataCommand: CommandModule<object, any> = {
  command: 'data <command>',
  describe: 'market data: download, update, list, import',
  builder: (y) => y.command(downloadCommand).command(updateCommand).command(listCommand).command(importCommand).demandCommand(1, 'name a data command: download, update, list or import').strict(),
  handler: () => {},
};
