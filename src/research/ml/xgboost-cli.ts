import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Training with the `xgboost` command line (Debian 12: package xgboost, 1.7.4) as a child
 * process. One thread and a fixed seed make a retrain on the same rows bit-identical; the
 * model comes back in XGBoost's JSON format, which src/core/ml/xgb-model.ts scores in-process.
 */
export interface XgbParams {
  readonly numRound: number;
  readonly eta: number;
  readonly maxDepth: number;
  readonly minChildWeight: number;
  readonly subsample: number;
  readonly lambda: number;
  readonly seed: number;
}

export const DEFAULT_XGB_PARAMS: XgbParams = { numRound: 150, eta: 0.05, maxDepth: 3, minChildWeight: 50, subsample: 0.8, lambda: 1, seed: 42 };

export const XGBOOST_BIN = process.env.KRAKENBT_XGBOOST ?? 'xgboost';

/** Float32 text of a value (what XGBoost will hold); NaN is left empty (missing). */
const cell = (v: number, missing: string) => (Number.isNaN(v) ? missing : String(Math.fround(v)));

/** Rows as CSV, label (if any) first: the input format of the xgboost command line. */
export function toCsv(x: Float64Array, rows: number, width: number, y?: ArrayLike<number>, missing = ''): string {
  const lines: string[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const cells: string[] = y ? [String(y[i])] : [];
    for (let j = 0; j < width; j++) cells.push(cell(x[i * width + j], missing));
    lines[i] = cells.join(',');
  }
  return lines.join('\n') + '\n';
}

export function trainConfig(p: XgbParams, dataPath: string, modelPath: string): string {
  return [
    'task = train',
    'booster = gbtree',
    'objective = binary:logistic',
    'tree_method = hist',
    'nthread = 1',
    `seed = ${p.seed}`,
    `num_round = ${p.numRound}`,
    `eta = ${p.eta}`,
    `max_depth = ${p.maxDepth}`,
    `min_child_weight = ${p.minChildWeight}`,
    `subsample = ${p.subsample}`,
    `lambda = ${p.lambda}`,
    `data = "${dataPath}?format=csv&label_column=0"`,
    `model_out = "${modelPath}"`,
    'silent = 1',
    '',
  ].join('\n');
}

export async function runProcess(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`${cmd}: ${(e as Error).message}${(e as NodeJS.ErrnoException).code === 'ENOENT' ? ' (install it: apt-get install -y xgboost python3-xgboost)' : ''}`)));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${(err || out).trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/** Trains a binary:logistic model on (x, y) and returns its JSON text. */
export async function trainXgboost(x: Float64Array, y: ArrayLike<number>, rows: number, width: number, params: XgbParams = DEFAULT_XGB_PARAMS): Promise<string> {
  if (rows < 10) throw new Error(`xgboost: ${rows} training rows are too few`);
  const dir = mkdtempSync(join(tmpdir(), 'krakenbt-xgb-'));
  try {
    writeFileSync(join(dir, 'train.csv'), toCsv(x, rows, width, y));
    writeFileSync(join(dir, 'train.conf'), trainConfig(params, 'train.csv', 'model.json'));
    await runProcess(XGBOOST_BIN, ['train.conf'], dir);
    return readFileSync(join(dir, 'model.json'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Python with python3-xgboost (Debian's, not a pyenv python3 first on PATH). */
export const PYTHON_BIN = process.env.KRAKENBT_PYTHON ?? '/usr/bin/python3';

const PREDICT_PY = `
import sys, numpy as np, xgboost as xgb
b = xgb.Booster(model_file=sys.argv[1])
x = np.genfromtxt(sys.argv[2], delimiter=',', dtype=np.float64, ndmin=2).astype(np.float32)
for v in b.predict(xgb.DMatrix(x, missing=np.nan)): print(repr(float(v)))
`;

/** XGBoost's own predictions (python3-xgboost) for rows: the reference the TypeScript scorer must match. */
export async function xgboostReferencePredict(modelJson: string, x: Float64Array, rows: number, width: number): Promise<Float64Array> {
  const dir = mkdtempSync(join(tmpdir(), 'krakenbt-xgbp-'));
  try {
    writeFileSync(join(dir, 'model.json'), modelJson);
    writeFileSync(join(dir, 'rows.csv'), toCsv(x, rows, width, undefined, 'nan'));
    writeFileSync(join(dir, 'predict.py'), PREDICT_PY);
    const out = await runProcess(PYTHON_BIN, ['predict.py', 'model.json', 'rows.csv'], dir);
    return Float64Array.from(out.trim().split('\n').map(Number));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
