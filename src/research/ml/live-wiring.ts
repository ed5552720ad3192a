import type { DailyWindow } from '../../core/calendar/downtime-window.ts';
import type { JournalInput } from '../../core/journal/journal-entry.ts';
import { approvedAlias, registerApprovedModel, type ApprovedModel } from '../../core/ml/approved-model.ts';
import type { CandleSource } from '../../backtest/run/run-backtest.ts';
import { DowntimeCycle, type CycleRunner, type DowntimeCycleOptions } from '../../live/runner/downtime-cycle.ts';
import type { AuditLog } from './audit-log.ts';
import { promotionInput } from './journal-models.ts';
import { loadApprovedModel } from './pipeline.ts';
import { retrainAndPromote, type RetrainSpec } from './retrain.ts';

const DAY = 86_400_000;

export { approvedAlias };

/**
 * Before a live session starts: loads the pair's APPROVED model through the hash-checking loader
 * and registers it under `approved:PAIR`, so `ml-signal` can only ever trade a verified artifact.
 */
export async function loadModelForSession(modelsDir: string, audit: AuditLog, pair: string, timeframe: string): Promise<ApprovedModel> {
  const m = await loadApprovedModel(modelsDir, audit, { pair, timeframe });
  registerApprovedModel(m, [approvedAlias(pair)]);
  await audit.append({ event: 'loaded', model: m.id, detail: { artifactHash: m.artifactHash, for: 'live session' } });
  return m;
}

export interface MlCycleOptions {
  readonly source: CandleSource;
  readonly modelsDir: string;
  readonly audit: AuditLog;
  /** Training spec; `to` is replaced by the day before the retrain. */
  readonly retrain: Omit<RetrainSpec, 'to'>;
  readonly window: DailyWindow;
  readonly onEnter: 'flatten' | 'hold';
  readonly leadMs?: number;
  readonly log?: (msg: string, fields?: Record<string, unknown>) => void;
  readonly onPhase?: DowntimeCycleOptions['onPhase'];
  readonly onOutcome?: DowntimeCycleOptions['onOutcome'];
}

/**
 * The runner's daily cycle wired to the research pipeline: retrain on data up to yesterday,
 * gate, promote, and activate by journaling the promotion (artifact id and hash) as an input,
 * validated first: the model is registered by id, and the session's `model` input re-points
 * `approved:PAIR`, live and in every replay alike.
 */
export function attachMlCycle(runner: CycleRunner & { record(input: JournalInput): boolean }, o: MlCycleOptions): DowntimeCycle {
  const pair = o.retrain.pair;
  return new DowntimeCycle(runner, {
    window: o.window,
    onEnter: o.onEnter,
    leadMs: o.leadMs,
    assets: [pair.split('/')[0]], // canonical BASE/QUOTE: the base asset must be flat
    retrain: (now) => retrainAndPromote(o.source, o.modelsDir, o.audit, { ...o.retrain, to: new Date(now - DAY).toISOString().slice(0, 10) }),
    activate: (m) => {
      registerApprovedModel(m);
      return runner.record(promotionInput(m, runner.eventNow()));
    },
    log: o.log,
    onPhase: o.onPhase,
    onOutcome: o.onOutcome,
  }).attach();
}
