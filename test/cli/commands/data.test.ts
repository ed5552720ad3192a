import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../../src/cli/cli-error.ts';
import { dataCommand } from '../../../src/cli/data/data-command.ts';
import { startRecordedSim, type SimMarket } from '../../research/download/sim-market.ts';

const CSV = fileURLToPath(new URL('../../fixtures/csv/', import.meta.url));
const NOW = Date.UTC(2022, 11, 1);

/** Runs `krakenbt data ...` through yargs, returning what it printed on stdout. */
async function run(...args: string[]): Promise<string> {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    await yargs([]).command(dataCommand).strict().fail(false).parseAsync(['data', ...args]);
  } finally {
    spy.mockRestore();
  }
  return text;
}

let dir: string;
let store: string;
let m: SimMarket;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-data-'));
  store = join(dir, 'market.duckdb');
  m = await startRecordedSim(NOW);
});
afterAll(async () => {
  await m.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('krakenbt data', () => {
  it('import: files by name, JSON report on stdout; re-import says already imported', async () => {
    const json = JSON.parse(await run('import', join(CSV, 'normalised/ETHUSD_60.csv'), '--exchange', 'kraken', '--store', store, '--json'));
    expect(json).toMatchObject([{ format: 'normalised-ohlcv', symbol: 'ETH/USD', intervalMin: 60, inserted: 2, alreadyImported: false }]);
    const text = await run('import', join(CSV, 'normalised/ETHUSD_60.csv'), '--exchange', 'kraken', '--store', store);
    expect(text).toMatch(/ETHUSD_60\.csv: normalised-ohlcv kraken ETH\/USD 60m: 2 rows, 0 new, 2 already stored \(already imported\)/);
  });

  it('import: a file with bad rows is refused in one CliError line naming file:line; --skip-bad-rows keeps the good rows', async () => {
    const bad = join(CSV, 'kraken-bad/XBTUSD_60.csv');
    const err = await run('import', bad, '--store', store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).not.toContain('\n');
    expect((err as Error).message).toMatch(/XBTUSD_60\.csv: 12 bad rows, import rejected, nothing written: .*XBTUSD_60\.csv:3: wrong column count: 6 instead of 7 .*\(and 11 more\); --skip-bad-rows stores the good rows$/);
    const text = await run('import', bad, '--store', store, '--skip-bad-rows');
    expect(text).toMatch(/16 rows, 4 new, 0 already stored, 12 bad rows skipped/);
    expect(text).toMatch(/XBTUSD_60\.csv:16: timestamp .* not aligned/);
  });

  it('download and update against the simulator; list shows ranges and gaps', async () => {
    const dl = JSON.parse(await run('download', '--endpoint', m.sim.restUrl, '--pair', 'XBTUSD', '--interval', '1h', '--from', '2022-11-20', '--store', store, '--json'));
    expect(dl).toMatchObject([{ symbol: 'BTC/USD', interval: 60, source: 'ohlc', candles: 264, inserted: 264 }]);
    m.sim.advanceTo(NOW + 2 * 3_600_000 + 1);
    const up = await run('update', '--endpoint', m.sim.restUrl, '--store', store);
    expect(up).toMatch(/^kraken BTC\/USD 60m via ohlc: 2022-12-01T00:00:00.000Z \.\. 2022-12-01T02:00:00.000Z, 2 candles \(2 new\)/);
    const list = JSON.parse(await run('list', '--store', store, '--json'));
    // BTC/USD: the 4 good rows of the bad-rows fixture (2021-01-01) and the 266 downloaded hours: two gaps.
    expect(list.series.map((s: any) => [s.exchange, s.symbol, s.interval, s.candles, s.missing, s.gaps])).toEqual([
      ['kraken', 'BTC/USD', 60, 270, 16508, 2],
      ['kraken', 'ETH/USD', 60, 2, 0, 0],
    ]);
    expect(list.series[0].longestGap).toEqual({ from: Date.UTC(2021, 0, 1, 13), to: Date.UTC(2022, 10, 20), candles: 16499 });
    expect(list.series[0].sources).toEqual(['kraken-ohlcvt', 'kraken-rest-ohlc']);
    const text = await run('list', '--store', store);
    expect(text).toMatch(/kraken\s+BTC\/USD\s+60m\s+2021-01-01 00:00Z\s+2022-12-01 01:00Z\s+270\s+\d+\s+\d+/);
  });

  it('import --progress draws a progress bar on stderr, not stdout', async () => {
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    let stdout: string;
    try {
      stdout = await run('import', join(CSV, 'trades/XBTUSD.csv'), '--format', 'kraken-trades', '--store', store, '--progress', '--json');
    } finally {
      spy.mockRestore();
    }
    expect(err).toMatch(/import .*XBTUSD\.csv .*100%/);
    expect(JSON.parse(stdout)).toMatchObject([{ format: 'kraken-trades', symbol: 'BTC/USD', inserted: 5 }]);
  });

  it('bad input is a one-line CliError', async () => {
    const cases: [string[], RegExp][] = [
      [['download', '--endpoint', m.sim.restUrl, '--pair', 'NOPE', '--store', store], /unknown pair "NOPE"/],
      [['download', '--endpoint', m.sim.restUrl, '--pair', 'BTC/USD', '--interval', '7', '--store', store], /interval 7 is not one Kraken serves/],
      [['download', '--endpoint', m.sim.restUrl, '--pair', 'BTC/USD', '--from', '2022-13-01', '--store', store], /--from: "2022-13-01" is not a real calendar date/],
      [['download', '--endpoint', m.sim.restUrl, '--pair', 'BTC/USD', '--from', '2022-11-02', '--to', '2022-11-01', '--store', store], /--from 2022-11-02 is not before --to 2022-11-01/],
      [['update', '--endpoint', m.sim.restUrl, '--store', join(dir, 'empty.duckdb')], /nothing to update/],
      [['import', join(dir, 'missing.csv'), '--store', store], /missing\.csv: no such file$/],
    ];
    for (const [args, message] of cases) {
      const err = await run(...args).catch((e: unknown) => e);
      expect(err, args.join(' ')).toBeInstanceOf(CliError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
