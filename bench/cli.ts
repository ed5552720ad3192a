/**
 * (e) The default backtest as a whole process, the way a user starts it: the `krakenbt`
 * binary when the build has one, else `npm run backtest`'s own command (node + tsx). Beside
 * it, a plain node process that reads the same real file (gunzip, parse) and runs the
 * reference loop: what "a whole process doing the arithmetic" costs on this machine now.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './workloads/measure.ts';
import { XBTUSD_1H_FILE } from './workloads/real-data.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The command that runs the default backtest here, and what it is called in the figures. */
export function backtestCommand(): { label: string; args: string[] } {
  for (const built of ['dist/krakenbt.mjs', 'dist/krakenbt.js', 'bin/krakenbt.mjs', 'bin/krakenbt.js']) {
    if (existsSync(join(ROOT, built))) return { label: `node ${built} backtest`, args: [join(ROOT, built), 'backtest'] };
  }
  if (existsSync(join(ROOT, 'src/cli/krakenbt.ts'))) return { label: 'node --import tsx src/cli/krakenbt.ts backtest', args: ['--import', 'tsx', join(ROOT, 'src/cli/krakenbt.ts'), 'backtest'] };
  return { label: 'npm run backtest (node --import tsx src/backtest/cli.ts)', args: ['--import', 'tsx', join(ROOT, 'src/backtest/cli.ts')] };
}

/** A whole node process: read the gzipped CSV, parse it, run the reference loop; prints the bar count. */
const REFERENCE_SCRIPT = `
const { readFileSync } = require('node:fs');
const { gunzipSync } = require('node:zlib');
const lines = gunzipSync(readFileSync(process.argv[2])).toString('utf8').split('\\n');
const n = lines.length;
const open = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
let k = 0;
for (const line of lines) { if (!line) continue; const f = line.split(','); open[k] = +f[1]; close[k] = +f[4]; volume[k] = +f[5]; k++; }
let cash = 10000, qty = 0, pf = NaN, ps = NaN, sf = 0, ss = 0, pending = 0;
const ring = new Float64Array(30);
for (let i = 0; i < k; i++) {
  if (pending > 0) { const q = Math.min(Math.floor(cash / (open[i] * 1.0026) * 1e8) / 1e8, volume[i] * 0.1); cash -= q * open[i] * 1.0026; qty += q; pending = 0; }
  else if (pending < 0) { const q = Math.min(qty, volume[i] * 0.1); cash += q * open[i] * 0.9974; qty -= q; if (qty === 0) pending = 0; }
  const x = Math.round(close[i] * 1e8);
  if (i >= 30) ss -= ring[i % 30]; if (i >= 10) sf -= ring[(i - 10) % 30];
  ring[i % 30] = x; ss += x; sf += x;
  const f = i >= 9 ? sf / 10 : NaN, s = i >= 29 ? ss / 30 : NaN;
  if (s === s && ps === ps && pending === 0) { if (f > s && pf <= ps && qty === 0) pending = 1; else if (f < s && pf >= ps && qty > 0) pending = -1; }
  pf = f; ps = s;
}
console.log(JSON.stringify({ bars: k, equity: cash + qty * close[k - 1] }));
`;

/**
 * Preloaded into the timed process: prints its CPU time (all threads, DuckDB's included) on
 * stderr as it exits. On a shared machine wall time mostly counts waiting for a core; CPU time
 * is what the process itself spent.
 */
const CPU_PROBE = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nBENCH_CPU_US ' + (u.user + u.system) + '\\n'); });\n`;
let probePath = '';

function wall(args: string[], opts: { cwd?: string } = {}): { seconds: number; cpuSeconds: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, probePath ? ['--require', probePath, ...args] : args, { encoding: 'utf8', cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const cpu = /BENCH_CPU_US (\d+)/.exec(r.stderr);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) / 1e6 : NaN, out: r.stdout };
}

export function benchCli(repeats = 3): Record<string, number | string> {
  // bin/krakenbt.js runs the bundle only when it is newer than every source file (else it
  // compiles the TypeScript through tsx, ~0.6 s more): build it, as `npm install` does.
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`bench (e): node bin/build.js failed (exit ${build.status ?? build.signal})`);
  const cmd = backtestCommand();
  const dir = mkdtempSync(join(tmpdir(), 'krakenbt-bench-cli-'));
  try {
    const script = join(dir, 'reference.cjs');
    writeFileSync(script, REFERENCE_SCRIPT);
    probePath = join(dir, 'cpu-probe.cjs');
    writeFileSync(probePath, CPU_PROBE);
    wall([...cmd.args, '--out', dir]); // first run may build the store from the bundled data: not timed
    const runs: number[] = [];
    const refs: number[] = [];
    const cpus: number[] = [];
    const refCpus: number[] = [];
    let candles = 0;
    let refBars = 0;
    for (let i = 0; i < repeats; i++) {
      const r = wall([...cmd.args, '--out', dir, '--json']);
      runs.push(r.seconds);
      cpus.push(r.cpuSeconds);
      candles = JSON.parse(r.out).candles;
      const ref = wall([script, XBTUSD_1H_FILE]);
      refs.push(ref.seconds);
      refCpus.push(ref.cpuSeconds);
      refBars = JSON.parse(ref.out).bars;
    }
    runs.sort((a, b) => a - b);
    refs.sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)];
    const refMedian = refs[Math.floor(refs.length / 2)];
    return {
      command: cmd.label,
      'candles in the default run': candles,
      'wall s, median': round(median, 3),
      'wall s, best': round(runs[0], 3),
      'CPU s (all threads), median': round(cpus.sort((a, b) => a - b)[Math.floor(cpus.length / 2)], 3),
      'CPU s, best': round(cpus[0], 3),
      'bars/s, whole process (median)': Math.round(candles / median),
      'reference: node process reading the real file + JS loop, wall s (median)': round(refMedian, 3),
      'reference bars/s, whole process': Math.round(refBars / refMedian),
      'reference CPU s, median': round(refCpus.sort((a, b) => a - b)[Math.floor(refCpus.length / 2)], 3),
      'ratio CLI / reference (wall)': round(median / refMedian, 1),
    };
  } finally {
    probePath = '';
    rmSync(dir, { recursive: true, force: true });
  }
}
