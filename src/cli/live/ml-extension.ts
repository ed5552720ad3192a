import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DOWNTIME, parseDailyWindow } from '../../core/calendar/downtime-window.ts';
import { parseJournalText } from '../../core/journal/journal-text.ts';
import { approvedAlias } from '../../core/ml/approved-model.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import { DEFAULT_STORE_PATH, type MarketStore } from '../../backtest/store/index.ts';
import type { LiveExtension } from '../../live/live-command.ts';
import type { DowntimeCycle } from '../../live/runner/downtime-cycle.ts';
import type { AuditLog } from '../../research/ml/audit-log.ts';
import type { RetrainSpec } from '../../research/ml/retrain.ts';
import { loadConfig, loadSpec } from '../ml/ml-files.ts';

/** Where each ML-capable strategy names its model: ml-signal's `model`, regime-portfolio's `ml` member. */
const MODEL_PARAM: Readonly<Record<string, string>> = { 'ml-signal': 'model', 'regime-portfolio': 'ml' };

/**
 * `npm run live -- --ml <models dir>`: the session trades the pair's APPROVED model (loaded
 * through the hash-checking loader and journaled as the session's first model), and the
 * runner's daily downtime cycle (TRADING -> TRANSITION -> DOWNTIME) retrains on the market
 * store, runs the four gates, promotes an APPROVED model (journaled with its artifact hash) and
 * resumes. A restart loads exactly the artifacts its journal names, by hash. docs/ml.md.
 */
export function mlExtension(): LiveExtension {
  let pair = '';
  let audit: AuditLog | undefined;
  let store: MarketStore | undefined;
  let spec: RetrainSpec['spec'];
  let cfg: ReturnType<typeof loadConfig>;
  return {
    options: (y) =>
      y
        .option('ml', { type: 'string', describe: 'models directory (artifacts + audit.duckdb): trade its APPROVED model and retrain, gate and promote in the daily downtime window (docs/ml.md)' })
        .option('ml-store', { type: 'string', default: DEFAULT_STORE_PATH, describe: 'with --ml: the market store the retrain reads candles from (up to the day before)' })
        .option('ml-config', { type: 'string', describe: 'with --ml: JSON with gates, signal, xgb, folds (as krakenbt ml train --config)' })
        .option('ml-spec', { type: 'string', describe: 'with --ml: feature spec JSON (default: the built-in hourly spec)' })
        .option('ml-train-from', { type: 'string', default: '2018-01-01', describe: 'with --ml: first day of the retraining data' })
        .option('ml-window', { type: 'string', default: DEFAULT_DOWNTIME, describe: 'with --ml: the daily UTC downtime window of the cycle' })
        .option('ml-on-enter', { choices: ['flatten', 'hold'] as const, default: 'flatten', describe: 'with --ml: flatten before retraining, or hold the positions' })
        .option('ml-lead', { type: 'number', describe: 'with --ml: minutes before the window to start flattening (default: one bar)' }),

    configure(args, s) {
      if (args.ml === undefined) {
        const stray = ['ml-config', 'ml-spec', 'ml-lead'].filter((k) => args[k] !== undefined);
        if (stray.length) throw new Error(`--${stray.join(', --')} need --ml <models dir>`);
        return;
      }
      const param = MODEL_PARAM[s.strategy];
      if (!param) throw new Error(`--ml needs a strategy that trades a model (ml-signal, or regime-portfolio with an ml member), not ${s.strategy}`);
      const key = (s.params[param] ??= approvedAlias(s.pairs[0]));
      if (!key.startsWith('approved:')) throw new Error(`--ml promotes the pair's approved model: give --param ${param}=approved:PAIR, not "${key}"`);
      pair = key.slice('approved:'.length);
      if (!s.pairs.includes(pair)) throw new Error(`--param ${param}=${key}: ${pair} is not in --pairs ${s.pairs.join(',')}`);
      // The cycle owns the window: the session's own downtime check would refuse the flattening orders.
      if (s.fromFile.downtime !== undefined && s.fromFile.downtime !== null) throw new Error('--ml owns the downtime window (--ml-window): set "downtime" to null in the config or leave it out');
      s.fromFile.downtime = null;
      parseDailyWindow(String(args['ml-window']));
      if (args['ml-lead'] !== undefined && !(args['ml-lead'] >= 0 && args['ml-lead'] <= 600)) throw new Error(`--ml-lead must be 0-600 minutes, got ${args['ml-lead']}`);
      spec = loadSpec(args['ml-spec']);
      if (spec.timeframe !== s.timeframe) throw new Error(`the feature spec is for ${spec.timeframe} candles, not --timeframe ${s.timeframe}`);
      cfg = loadConfig(args['ml-config'], spec.label.horizon);
    },

    async prepare(args, { session, journalPath }) {
      if (args.ml === undefined) return {};
      const dir = String(args.ml);
      const { AuditLog } = await import('../../research/ml/audit-log.ts');
      const { loadModelForSession } = await import('../../research/ml/live-wiring.ts');
      const { promotionInput, registerJournalModels } = await import('../../research/ml/journal-models.ts');
      const { openMarket } = await import('../../research/data/market.ts');
      if (!existsSync(join(dir, 'audit.duckdb'))) throw new Error(`--ml ${dir}: no audit.duckdb there (train and promote a model first: krakenbt ml train --promote --models-dir ${dir})`);
      audit = await AuditLog.open(join(dir, 'audit.duckdb'));
      store = await openMarket(String(args['ml-store']));
      // A restart: exactly the models the journal names (by hash), not whatever is approved now.
      if (existsSync(journalPath) && registerJournalModels(dir, parseJournalText(readFileSync(journalPath, 'utf8'), journalPath).entries, journalPath).length > 0) return {};
      const first = await loadModelForSession(dir, audit, pair, session.timeframe);
      return { openingInputs: (time) => [promotionInput(first, time)] };
    },

    async attach(runner, args, { logger, emit }) {
      if (args.ml === undefined || !audit || !store) return async () => ({});
      const { attachMlCycle } = await import('../../research/ml/live-wiring.ts');
      const timeframe = runner.config.timeframe;
      const cycle: DowntimeCycle = attachMlCycle(runner, {
        source: store,
        modelsDir: String(args.ml),
        audit,
        retrain: { pair, timeframe, from: String(args['ml-train-from']), spec, config: cfg.ml, xgb: cfg.xgb, folds: cfg.folds },
        window: parseDailyWindow(String(args['ml-window']))!,
        onEnter: args['ml-on-enter'] === 'hold' ? 'hold' : 'flatten',
        leadMs: (args['ml-lead'] ?? parseTimeframe(timeframe)) * 60_000,
        log: (msg, fields) => logger.info(fields ?? {}, msg),
        onPhase: (c) => emit({ event: 'phase', from: c.from, to: c.to, why: c.why, at: new Date(c.time).toISOString() }),
        onOutcome: (o) => emit({ event: 'retrain', id: o.id, verdict: o.verdict, reasons: o.reasons, artifactHash: o.model?.artifactHash ?? null }),
      });
      return async () => {
        cycle.detach();
        await cycle.idle();
        audit?.close();
        store?.close();
        return { ml: { phase: cycle.phase, changes: cycle.changes.length, outcomes: cycle.outcomes.map((o) => ({ id: o.id, verdict: o.verdict })) } };
      };
    },
  };
}
