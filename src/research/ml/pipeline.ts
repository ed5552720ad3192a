import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { featureMatrix, type CandleColumns } from '../../core/features/candle-columns.ts';
import { checkCausality } from '../../core/features/causality.ts';
import { parseFeatureSpec, type FeatureSpec } from '../../core/features/feature-spec.ts';
import { FEATURE_TYPE, schemaHash } from '../../core/features/schema-hash.ts';
import type { ApprovedModel } from '../../core/ml/approved-model.ts';
import { verdict, type GateReport } from '../../core/ml/gates/gate-report.ts';
import { integrityGate } from '../../core/ml/gates/integrity-gate.ts';
import { performanceGate } from '../../core/ml/gates/performance-gate.ts';
import { riskGate } from '../../core/ml/gates/risk-gate.ts';
import { schemaGate } from '../../core/ml/gates/schema-gate.ts';
import { statesFrom, transition, type ModelState, type TransitionEvent } from '../../core/ml/lifecycle.ts';
import type { MlConfig } from '../../core/ml/ml-config.ts';
import { parseXgbModel } from '../../core/ml/xgb-model.ts';
import { artifactDir, currentHashes, readJson, readManifest, readText, sha256Hex, writeArtifactFiles } from './artifact-store.ts';
import type { AuditLog } from './audit-log.ts';
import { buildDataset } from './dataset.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { trainXgboost, type XgbParams } from './xgboost-cli.ts';

export interface TrainRequest {
  readonly pair: string;
  readonly timeframe: string;
  readonly candles: CandleColumns;
  readonly spec: FeatureSpec;
  readonly xgb: XgbParams;
  readonly folds: { readonly folds: number; readonly trainRatio: number; readonly embargo: number };
  readonly config: MlConfig;
  readonly barsPerYear: number;
}

export interface TrainingRecord {
  readonly pair: string;
  readonly timeframe: string;
  readonly from: string;
  readonly to: string;
  readonly bars: number;
  readonly rows: number;
  readonly dataHash: string;
  readonly schemaHash: string;
  readonly xgb: XgbParams;
  readonly folds: TrainRequest['folds'];
  readonly xgboostVersion: string;
}

export interface TrainOutcome {
  readonly id: string;
  readonly dir: string;
  readonly evaluation: Evaluation;
  readonly modelSha256: string;
  /** The same data and parameters had already produced this artifact (bit-identical retrain). */
  readonly identical: boolean;
}

async function stateOf(audit: AuditLog, id: string): Promise<ModelState | null> {
  return (await modelStates(audit)).get(id) ?? null;
}

export async function modelStates(audit: AuditLog): Promise<Map<string, ModelState>> {
  const rows = (await audit.rows()).filter((r) => r.event === 'transition');
  return statesFrom(rows.map((r) => ({ model: r.model, from: r.from_state as ModelState | null, to: r.to_state as ModelState })));
}

async function record(audit: AuditLog, t: TransitionEvent, detail: Record<string, unknown> = {}): Promise<void> {
  await audit.append({ event: 'transition', model: t.model, from: t.from, to: t.to, detail: { reason: t.reason, artifactHash: t.artifactHash, ...detail } });
}

/**
 * Trains a CANDIDATE: checks the features are causal, scores XGBoost and both baselines on a
 * purged walk-forward, fits the final model on every row, writes the artifact, audits it.
 */
export async function trainModel(req: TrainRequest, modelsDir: string, audit: AuditLog): Promise<TrainOutcome> {
  const spec = parseFeatureSpec(req.spec);
  const causal = checkCausality((c) => featureMatrix(spec, c), req.candles, 8);
  if (!causal.causal) throw new Error(`feature leakage: ${causal.leaking.map((l) => l.feature).join(', ')} read future bars`);
  const d = buildDataset(spec, req.candles);
  const evaluation = await evaluate(d, { folds: req.folds, xgb: req.xgb, signal: req.config.signal, barsPerYear: req.barsPerYear });
  const modelJson = await trainXgboost(d.x, d.y, d.rows, d.width, req.xgb);
  const model = parseXgbModel(modelJson);
  const modelSha256 = sha256Hex(modelJson);
  const iso = (t: number) => new Date(t).toISOString();
  const training: TrainingRecord = {
    pair: req.pair,
    timeframe: req.timeframe,
    from: iso(d.from),
    to: iso(d.to),
    bars: req.candles.close.length,
    rows: d.rows,
    dataHash: d.dataHash,
    schemaHash: schemaHash(spec),
    xgb: req.xgb,
    folds: req.folds,
    xgboostVersion: model.version,
  };
  const id = `${req.pair.replace('/', '')}-${req.timeframe}-${d.dataHash.slice(0, 8)}-${modelSha256.slice(0, 8)}`;
  const dir = artifactDir(modelsDir, id);
  if (existsSync(join(dir, 'model.json')) && sha256Hex(readText(dir, 'model.json')) === modelSha256) {
    await audit.append({ event: 'trained', model: id, detail: { ...training, modelSha256, identical: true } });
    return { id, dir, evaluation, modelSha256, identical: true };
  }
  const manifest = writeArtifactFiles(dir, {
    'model.json': modelJson,
    'feature-spec.json': JSON.stringify({ spec, schemaHash: schemaHash(spec), featureTypes: spec.features.map(() => FEATURE_TYPE) }, null, 2) + '\n',
    'training.json': JSON.stringify(training, null, 2) + '\n',
    'metrics.json': JSON.stringify({ signal: req.config.signal, ...evaluation }, null, 2) + '\n',
  });
  await audit.append({ event: 'trained', model: id, detail: { ...training, modelSha256, testRows: evaluation.testRows } });
  await record(audit, transition(id, null, 'CANDIDATE', 'trained', manifest.artifactHash));
  return { id, dir, evaluation, modelSha256, identical: false };
}

/** The four gate reports for an artifact as it is on disk now. */
export function runGates(dir: string, expected: FeatureSpec, config: MlConfig): GateReport[] {
  const manifest = readManifest(dir);
  const actual = currentHashes(dir);
  delete actual['gates.json']; // written by validation itself
  const sealed = { ...manifest.files };
  delete sealed['gates.json'];
  const integrity = integrityGate({ manifest: sealed, actual, requiredFiles: config.gates.integrity.requiredFiles });
  if (!integrity.passed) return [integrity];
  const specFile = readJson<{ spec: FeatureSpec; schemaHash: string; featureTypes: string[] }>(dir, 'feature-spec.json');
  const model = parseXgbModel(readText(dir, 'model.json'));
  const schema = schemaGate({ expected, artifact: specFile.spec, recordedHash: specFile.schemaHash, modelFeatures: model.numFeature, featureTypes: specFile.featureTypes });
  const metrics = readJson<Evaluation>(dir, 'metrics.json');
  const oos = metrics.outOfSample;
  const performance = performanceGate({ model: oos.xgboost, logistic: oos.logistic, noSkill: oos['no-skill'] }, config.gates.performance);
  const risk = riskGate(oos.xgboost.signal, config.signal, config.gates.risk);
  return [integrity, schema, performance, risk];
}

export interface ValidationOutcome {
  readonly id: string;
  readonly state: ModelState;
  readonly reports: readonly GateReport[];
  readonly reasons: readonly string[];
}

/**
 * CANDIDATE -> VALIDATION, runs the four gates, writes gates.json and reseals the manifest.
 * Failing any gate -> REJECTED (with the reasons). Passing leaves it in VALIDATION, ready to promote.
 */
export async function validateModel(modelsDir: string, id: string, expected: FeatureSpec, config: MlConfig, audit: AuditLog): Promise<ValidationOutcome> {
  const dir = artifactDir(modelsDir, id);
  const state = await stateOf(audit, id);
  const before = readManifest(dir);
  await record(audit, transition(id, state, 'VALIDATION', 'validation started', before.artifactHash));
  let reports: GateReport[];
  try {
    reports = runGates(dir, expected, config);
  } catch (e) {
    reports = [{ gate: 'integrity', passed: false, reasons: [(e as Error).message], values: {}, thresholds: {} }];
  }
  const v = verdict(reports);
  const manifest = writeArtifactFiles(dir, { 'gates.json': JSON.stringify({ verdict: v.verdict, reasons: v.reasons, reports }, null, 2) + '\n' });
  await audit.append({ event: 'gates', model: id, detail: { verdict: v.verdict, reasons: v.reasons, passed: reports.map((r) => `${r.gate}:${r.passed}`), artifactHash: manifest.artifactHash } });
  if (v.verdict === 'REJECTED') {
    await record(audit, transition(id, 'VALIDATION', 'REJECTED', v.reasons.join('; '), manifest.artifactHash));
    return { id, state: 'REJECTED', reports, reasons: v.reasons };
  }
  return { id, state: 'VALIDATION', reports, reasons: [] };
}

/** VALIDATION (all gates passed) -> APPROVED; the pair's previously APPROVED model -> RETIRED. */
export async function promoteModel(modelsDir: string, id: string, audit: AuditLog): Promise<{ id: string; retired: string[]; artifactHash: string }> {
  const dir = artifactDir(modelsDir, id);
  const states = await modelStates(audit);
  if (states.get(id) !== 'VALIDATION') throw new Error(`model ${id} is ${states.get(id) ?? 'unknown'}; only a model in VALIDATION whose gates passed can be promoted (run ml validate)`);
  const gates = readJson<{ verdict: string }>(dir, 'gates.json');
  const manifest = readManifest(dir);
  const actual = currentHashes(dir);
  const integrity = integrityGate({ manifest: manifest.files, actual, requiredFiles: ['gates.json'] });
  if (gates.verdict !== 'APPROVED' || !integrity.passed) throw new Error(`model ${id}: gates.json does not say APPROVED or the artifact changed since validation (${integrity.reasons.join('; ')})`);
  const pair = readJson<TrainingRecord>(dir, 'training.json');
  const retired: string[] = [];
  for (const [other, s] of states) {
    if (s !== 'APPROVED' || other === id || !existsSync(join(modelsDir, other, 'training.json'))) continue;
    const t = readJson<TrainingRecord>(join(modelsDir, other), 'training.json');
    if (t.pair !== pair.pair || t.timeframe !== pair.timeframe) continue;
    await record(audit, transition(other, 'APPROVED', 'RETIRED', `superseded by ${id}`, readManifest(join(modelsDir, other)).artifactHash));
    retired.push(other);
  }
  await record(audit, transition(id, 'VALIDATION', 'APPROVED', 'all four gates passed', manifest.artifactHash));
  return { id, retired, artifactHash: manifest.artifactHash };
}

export interface ModelListing {
  readonly id: string;
  readonly state: ModelState;
  readonly pair: string;
  readonly timeframe: string;
  readonly from: string;
  readonly to: string;
  readonly artifactHash: string;
}

export async function listModels(modelsDir: string, audit: AuditLog): Promise<ModelListing[]> {
  const states = await modelStates(audit);
  const out: ModelListing[] = [];
  for (const [id, state] of states) {
    const dir = join(modelsDir, id);
    if (!existsSync(dir)) continue;
    const t = readJson<TrainingRecord>(dir, 'training.json');
    out.push({ id, state, pair: t.pair, timeframe: t.timeframe, from: t.from, to: t.to, artifactHash: readManifest(dir).artifactHash });
  }
  return out;
}

/**
 * Loads a model for trading: it must be APPROVED in the (verified) audit log, and its files
 * must hash to the artifact hash recorded in that approval. Anything else refuses to load.
 */
export async function loadApprovedModel(modelsDir: string, audit: AuditLog, key: { id?: string; pair?: string; timeframe?: string }): Promise<ApprovedModel> {
  const chain = await audit.verify();
  if (!chain.ok) throw new Error(`audit log fails verification (${chain.problem}); refusing to load a model`);
  const rows = (await audit.rows()).filter((r) => r.event === 'transition');
  const states = await modelStates(audit);
  let id = key.id;
  if (!id) {
    const approvals = rows.filter((r) => r.to_state === 'APPROVED' && states.get(r.model) === 'APPROVED');
    const match = approvals.filter((r) => {
      const t = readJson<TrainingRecord>(join(modelsDir, r.model), 'training.json');
      return t.pair === key.pair && (!key.timeframe || t.timeframe === key.timeframe);
    });
    id = match.at(-1)?.model;
    if (!id) throw new Error(`no APPROVED model for ${key.pair} ${key.timeframe ?? ''}`.trim());
  }
  if (states.get(id) !== 'APPROVED') throw new Error(`model ${id} is ${states.get(id) ?? 'unknown'}, not APPROVED; a live session loads only approved models`);
  const approval = rows.filter((r) => r.model === id && r.to_state === 'APPROVED').at(-1)!;
  const approvedHash = (JSON.parse(approval.detail) as { artifactHash: string }).artifactHash;
  const dir = artifactDir(modelsDir, id);
  const manifest = readManifest(dir);
  const integrity = integrityGate({ manifest: manifest.files, actual: currentHashes(dir), requiredFiles: ['model.json', 'feature-spec.json', 'training.json', 'metrics.json', 'gates.json'] });
  if (!integrity.passed || manifest.artifactHash !== approvedHash) {
    throw new Error(`model ${id}: artifact hash ${manifest.artifactHash.slice(0, 12)}... is not the approved ${approvedHash.slice(0, 12)}...${integrity.passed ? '' : ` (${integrity.reasons.join('; ')})`}`);
  }
  const specFile = readJson<{ spec: FeatureSpec; schemaHash: string }>(dir, 'feature-spec.json');
  const metrics = readJson<{ signal: ApprovedModel['signal'] }>(dir, 'metrics.json');
  const t = readJson<TrainingRecord>(dir, 'training.json');
  return { id, artifactHash: approvedHash, schemaHash: specFile.schemaHash, pair: t.pair, spec: parseFeatureSpec(specFile.spec), model: parseXgbModel(readText(dir, 'model.json')), signal: metrics.signal };
}

export function artifactIds(modelsDir: string): string[] {
  return existsSync(modelsDir) ? readdirSync(modelsDir).filter((f) => existsSync(join(modelsDir, f, 'manifest.json'))) : [];
}

/**
 * Research only (notebooks, backtests of any candidate): loads an artifact in whatever state,
 * after checking its files against its own manifest. Live sessions use loadApprovedModel.
 */
export function loadArtifactForResearch(modelsDir: string, id: string): ApprovedModel {
  const dir = artifactDir(modelsDir, id);
  const manifest = readManifest(dir);
  const integrity = integrityGate({ manifest: manifest.files, actual: currentHashes(dir), requiredFiles: ['model.json', 'feature-spec.json', 'training.json', 'metrics.json'] });
  if (!integrity.passed) throw new Error(`model ${id}: ${integrity.reasons.join('; ')}`);
  const specFile = readJson<{ spec: FeatureSpec; schemaHash: string }>(dir, 'feature-spec.json');
  const metrics = readJson<{ signal: ApprovedModel['signal'] }>(dir, 'metrics.json');
  const t = readJson<TrainingRecord>(dir, 'training.json');
  return { id, artifactHash: manifest.artifactHash, schemaHash: specFile.schemaHash, pair: t.pair, spec: parseFeatureSpec(specFile.spec), model: parseXgbModel(readText(dir, 'model.json')), signal: metrics.signal };
}
