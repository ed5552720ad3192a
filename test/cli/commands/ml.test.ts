import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { BUNDLED_DIR, MarketStore } from '../../../src/backtest/store/index.ts';
import { mlCommand } from '../../../src/cli/ml/ml-command.ts';
import { CliError } from '../../../src/cli/cli-error.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';

async function run(args: string[]): Promise<string> {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    await yargs([]).command(mlCommand).fail(false).strict().parseAsync(args);
  } finally {
    spy.mockRestore();
  }
  return text;
}

describe('krakenbt ml', () => {
  let dir: string;
  let storePath: string;
  let models: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-mlcli-'));
    storePath = join(dir, 'market.duckdb');
    models = join(dir, 'models');
    const store = await MarketStore.open(storePath);
    await store.importFile(join(BUNDLED_DIR, 'kraken/ohlcvt/60/XBTUSD_60.csv.gz'), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 60 });
    store.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = () => ['--models-dir', models, '--json'];

  it('train -> validate (REJECTED by the default gates, with the reasons) -> list -> audit verify', async () => {
    const t = JSON.parse(await run(['ml', 'train', '--store', storePath, '--from', '2021-01-01', '--to', '2022-12-31', ...base()]));
    expect(t.id).toMatch(/^BTCUSD-1h-/);
    expect(Object.keys(t.evaluation.outOfSample)).toEqual(['xgboost', 'logistic', 'no-skill']);
    const v = JSON.parse(await run(['ml', 'validate', t.id, ...base()]));
    expect(v.reports.map((r: { gate: string }) => r.gate)).toEqual(['integrity', 'schema', 'performance', 'risk']);
    expect(v.state).toBe('REJECTED');
    await expect(run(['ml', 'promote', t.id, ...base()])).rejects.toThrow(CliError);
    const list = JSON.parse(await run(['ml', 'list', ...base()]));
    expect(list).toEqual([expect.objectContaining({ id: t.id, state: 'REJECTED', pair: 'BTC/USD' })]);
    expect(JSON.parse(await run(['ml', 'audit', 'verify', ...base()]))).toMatchObject({ ok: true });
  }, 120_000);

  it('train --promote with a config that relaxes the gates: APPROVED', async () => {
    const cfg = join(dir, 'ml.json');
    writeFileSync(cfg, JSON.stringify({ gates: { performance: { minTestRows: 10, minPrecision: 0, minRecall: 0, minF1: 0, minSharpe: -100, minSharpeEdge: -100, minF1Edge: -1 }, risk: { maxDrawdown: 1 } }, folds: { folds: 2 } }));
    const t = JSON.parse(await run(['ml', 'train', '--store', storePath, '--from', '2021-01-01', '--to', '2022-06-30', '--config', cfg, '--promote', ...base()]));
    expect(t.verdict).toBe('APPROVED');
    const list = JSON.parse(await run(['ml', 'list', ...base()]));
    expect(list.find((m: { id: string }) => m.id === t.id).state).toBe('APPROVED');
  }, 120_000);

  it('audit verify fails, naming the row, after a row was edited', async () => {
    const log = await AuditLog.open(join(models, 'audit.duckdb'));
    await log.connection.run("UPDATE ml_audit SET to_state = 'APPROVED' WHERE to_state = 'REJECTED'");
    log.close();
    await expect(run(['ml', 'audit', 'verify', ...base()])).rejects.toThrow(/audit log verification failed: row \d+: content does not match its hash \(the row was edited\)/);
  });

  it('bad input gets a one-line CliError', async () => {
    await expect(run(['ml', 'train', '--store', storePath, '--config', join(dir, 'nope.json'), ...base()])).rejects.toThrow(/config file not found/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ signal: { size: 3 } }));
    await expect(run(['ml', 'validate', 'x', '--config', bad, ...base()])).rejects.toThrow(/ml config: signal.size/);
  });
});
