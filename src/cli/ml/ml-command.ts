import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_STORE_PATH } from '../../backtest/store/index.ts';
import { openMarket } from '../../research/data/market.ts';
import { AuditLog } from '../../research/ml/audit-log.ts';
import { evaluationTable, gateTable } from '../../research/ml/format.ts';
import { loadSeries } from '../../research/ml/candles.ts';
import { listModels, promoteModel, trainModel, validateModel } from '../../research/ml/pipeline.ts';
import { barsPerYear, retrainAndPromote, type RetrainSpec } from '../../research/ml/retrain.ts';
import { CliError } from '../cli-error.ts';
import { loadConfig, loadSpec } from './ml-files.ts';

/**
 * `krakenbt ml train|validate|promote|list|audit verify`: the ML pipeline of docs/ml.md.
 * Artifacts and the audit log (audit.duckdb) live in --models-dir (default data/models).
 */
export const DEFAULT_MODELS_DIR = resolve('data/models');

interface Common {
  'models-dir': string;
  json: boolean;
  config?: string;
  spec?: string;
}

async function withAudit<T>(dir: string, fn: (audit: AuditLog) => Promise<T>): Promise<T> {
  const audit = await AuditLog.open(join(dir, 'audit.duckdb'));
  try {
    return await fn(audit);
  } catch (e) {
    throw e instanceof CliError ? e : new CliError((e as Error).message);
  } finally {
    audit.close();
  }
}

function out(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : text + '\n');
}

const common = <T>(y: Argv<T>) =>
  y
    .option('models-dir', { type: 'string', default: DEFAULT_MODELS_DIR, describe: 'artifact directories and audit.duckdb' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON only' })
    .option('config', { type: 'string', describe: 'JSON: gates, signal, xgb, folds (docs/ml.md)' })
    .option('spec', { type: 'string', describe: 'feature spec JSON (default: the built-in hourly spec)' });

const train: CommandModule<object, any> = {
  command: 'train',
  describe: 'train a CANDIDATE model (XGBoost + baselines on a purged walk-forward); --promote also validates and promotes',
  builder: (y) =>
    common(y)
      .option('pair', { type: 'string', default: 'BTC/USD' })
      .option('timeframe', { type: 'string', default: '1h' })
      .option('from', { type: 'string', default: '2018-01-01' })
      .option('to', { type: 'string', default: '2022-12-31' })
      .option('store', { type: 'string', default: DEFAULT_STORE_PATH, describe: 'market store (built from the bundled data if missing)' })
      .option('promote', { type: 'boolean', default: false, describe: 'validate, and promote if all four gates pass' }),
  handler: async (argv) => {
    const a = argv as unknown as Common & { pair: string; timeframe: string; from: string; to: string; store: string; promote: boolean };
    const spec = loadSpec(a.spec);
    if (spec.timeframe !== a.timeframe) throw new CliError(`the feature spec is for ${spec.timeframe} candles, not --timeframe ${a.timeframe}`);
    const cfg = loadConfig(a.config, spec.label.horizon);
    const store = await openMarket(a.store);
    try {
      await withAudit(a['models-dir'], async (audit) => {
        const r: RetrainSpec = { pair: a.pair, timeframe: a.timeframe, from: a.from, to: a.to, spec, config: cfg.ml, xgb: cfg.xgb, folds: cfg.folds };
        if (a.promote) {
          const res = await retrainAndPromote(store, a['models-dir'], audit, r);
          out(a.json, { id: res.id, verdict: res.verdict, reasons: res.reasons, evaluation: res.training.evaluation, gates: res.validation.reports }, `${res.id}\n${evaluationTable(res.training.evaluation)}\n${gateTable(res.validation.reports)}\n${res.verdict}`);
          return;
        }
        const candles = await loadSeries(store, { pair: a.pair, timeframe: a.timeframe, from: a.from, to: a.to });
        const t = await trainModel({ ...r, candles, barsPerYear: barsPerYear(a.timeframe) }, a['models-dir'], audit);
        out(a.json, { id: t.id, modelSha256: t.modelSha256, identical: t.identical, evaluation: t.evaluation }, `${t.id}${t.identical ? ' (bit-identical to the existing artifact)' : ''} CANDIDATE\n${evaluationTable(t.evaluation)}`);
      });
    } finally {
      store.close();
    }
  },
};

const validate: CommandModule<object, any> = {
  command: 'validate <id>',
  describe: 'run the four gates on a CANDIDATE (REJECTED with reasons, or ready to promote)',
  builder: (y) => common(y).positional('id', { type: 'string', demandOption: true }),
  handler: async (argv) => {
    const a = argv as unknown as Common & { id: string };
    const spec = loadSpec(a.spec);
    const cfg = loadConfig(a.config, spec.label.horizon);
    await withAudit(a['models-dir'], async (audit) => {
      const v = await validateModel(a['models-dir'], a.id, spec, cfg.ml, audit);
      out(a.json, v, `${gateTable(v.reports)}\n${v.state === 'REJECTED' ? 'REJECTED' : 'all gates passed (VALIDATION): run ml promote'}`);
    });
  },
};

const promote: CommandModule<object, any> = {
  command: 'promote <id>',
  describe: 'APPROVE a validated model; the previous approved model of its pair is RETIRED',
  builder: (y) => common(y).positional('id', { type: 'string', demandOption: true }),
  handler: async (argv) => {
    const a = argv as unknown as Common & { id: string };
    await withAudit(a['models-dir'], async (audit) => {
      const p = await promoteModel(a['models-dir'], a.id, audit);
      out(a.json, p, `${p.id} APPROVED (artifact ${p.artifactHash})${p.retired.length ? `; retired ${p.retired.join(', ')}` : ''}`);
    });
  },
};

const list: CommandModule<object, any> = {
  command: 'list',
  describe: 'models and their lifecycle states (from the audit log)',
  builder: (y) => common(y),
  handler: async (argv) => {
    const a = argv as unknown as Common;
    await withAudit(a['models-dir'], async (audit) => {
      const rows = await listModels(a['models-dir'], audit);
      out(a.json, rows, rows.length ? rows.map((m) => `${m.id.padEnd(40)} ${m.state.padEnd(10)} ${m.pair} ${m.timeframe} ${m.from.slice(0, 10)}..${m.to.slice(0, 10)}`).join('\n') : 'no models');
    });
  },
};

const audit: CommandModule<object, any> = {
  command: 'audit <action>',
  describe: 'audit log: verify walks the hash chain and fails on an edited, deleted or reordered row',
  builder: (y) =>
    common(y)
      .positional('action', { choices: ['verify'] as const, demandOption: true })
      .option('expect-head', { type: 'string', describe: 'head hash kept elsewhere (also catches lost newest rows)' }),
  handler: async (argv) => {
    const a = argv as unknown as Common & { 'expect-head'?: string };
    if (!existsSync(join(a['models-dir'], 'audit.duckdb'))) throw new CliError(`no audit log in ${a['models-dir']}`);
    await withAudit(a['models-dir'], async (log) => {
      const v = await log.verify(a['expect-head']);
      if (!v.ok) throw new CliError(`audit log verification failed: ${v.problem}`);
      out(a.json, v, `audit log OK: ${v.rows} rows, head ${v.head}`);
    });
  },
};

export const mlCommand: CommandModule<object, any> = {
  command: 'ml <command>',
  describe: 'ML models: train, validate (four gates), promote, list, audit verify',
  builder: (y) => y.command(train).command(validate).command(promote).command(list).command(audit).demandCommand(1),
  handler: () => {},
};
