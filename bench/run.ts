/**
 * `npm run bench`: the workloads of issue 14, each beside a reference figure measured in the
 * same run (see docs/performance.md). Prints every section and writes them all as JSON to
 * bench/results/<timestamp>.json and bench/results/latest.json. Nothing asserts a time.
 * Sizes: BENCH_SMALL=1 for a quick pass; BENCH_ONLY=a,b,... to run some sections.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCli } from './cli.ts';
import { benchFillHeavy } from './kernel.ts';
import { benchLiveLatency } from './live-latency.ts';
import { benchMemory } from './memory.ts';
import { benchRealSma } from './real-sma.ts';
import { benchStoreLoad } from './store-load.ts';
import { benchSweep, sweepSpec } from './sweep.ts';
import { loadXbtUsd1h } from './workloads/real-data.ts';

type Figures = Record<string, number | string>;

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function section(title: string, figures: Figures): void {
  console.log(`\n== ${title}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(64)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
}

/** Runs one section in this process and returns its title and figures. */
async function runSection(id: string, small: boolean): Promise<{ title: string; figures: Figures }> {
  const snapshot = id === 'a' || id === 'd' ? await loadXbtUsd1h() : undefined;
  switch (id) {
    case 'a': return { title: '(a) sma-cross, real Kraken XBT/USD 1h (70,253 bars), kernel in process vs plain JS loop', figures: (await benchRealSma(snapshot!, small ? 2 : 5)).figures };
    case 'b': return { title: '(b) fill-heavy synthetic: one market order + fill per 25 bars, Kraken fees', figures: benchFillHeavy(small ? 100_000 : 2_000_000, small ? 1 : 3) };
    case 'c': return { title: '(c) synthetic 1m runs from DuckDB, whole runBacktest, fresh process each: peak RSS', figures: await benchMemory(small ? [70_253, 200_000] : [70_253, 1_000_000, 10_000_000]) };
    case 'd': return { title: '(d) sweep: 200 sma-cross runs on the real 70k file, inline / 1 / 2 workers', figures: await benchSweep(snapshot!, small ? sweepSpec(4, 2) : sweepSpec()) };
    case 'e': return { title: '(e) default backtest as a whole process vs a plain node process', figures: benchCli(small ? 1 : 3) };
    case 's': return { title: 'DuckDB -> columnar batches (date-range load)', figures: await benchStoreLoad() };
    case 'f': return { title: '(f) live: trade message on the socket -> order out, under load', figures: await benchLiveLatency() };
    default: throw new Error(`unknown bench section ${id}; sections are ${SECTIONS.join(', ')}`);
  }
}

const SECTIONS = ['a', 'b', 'c', 'd', 'e', 's', 'f'] as const;

/**
 * Each section runs in a fresh child process, as a user's backtest does: in one shared process
 * the code an earlier section ran (another strategy, the sweep's pool) made the kernel's call
 * sites polymorphic and its heap larger, which slowed the sections after it (about 30% on (b)).
 */
function runChild(id: string, small: boolean): { title: string; figures: Figures } {
  const dir = mkdtempSync(join(tmpdir(), 'krakenbt-bench-'));
  const out = join(dir, `${id}.json`);
  try {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_CHILD: id, BENCH_CHILD_OUT: out, BENCH_SMALL: small ? '1' : '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0 || !existsSync(out)) throw new Error(`bench section ${id} failed (exit ${r.status ?? r.signal}); its output is above`);
    return JSON.parse(readFileSync(out, 'utf8')) as { title: string; figures: Figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const small = process.env.BENCH_SMALL === '1';
  const child = process.env.BENCH_CHILD;
  if (child !== undefined) {
    writeFileSync(process.env.BENCH_CHILD_OUT!, JSON.stringify(await runSection(child, small)));
    return;
  }
  const only = process.env.BENCH_ONLY?.split(',');
  for (const id of only ?? []) if (!(SECTIONS as readonly string[]).includes(id)) throw new Error(`unknown bench section ${id} in BENCH_ONLY; sections are ${SECTIONS.join(', ')}`);
  const started = new Date();
  const out: { started: string; node: string; arch: string; small: boolean; isolation: string; sections: Record<string, { title: string; figures: Figures }> } = {
    started: started.toISOString(),
    node: process.version,
    arch: process.arch,
    small,
    isolation: 'each section in its own process',
    sections: {},
  };
  console.log(`node ${process.version}, ${process.arch}; every figure beside its reference from the same run; each section in its own process`);
  for (const id of SECTIONS) {
    if (only && !only.includes(id)) continue;
    const { title, figures } = runChild(id, small);
    out.sections[id] = { title, figures };
    section(title, figures);
  }
  mkdirSync(RESULTS, { recursive: true });
  const json = JSON.stringify(out, null, 2) + '\n';
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(`${RESULTS}${stamp}.json`, json);
  writeFileSync(`${RESULTS}latest.json`, json);
  console.log(`\nfigures written to bench/results/${stamp}.json and bench/results/latest.json`);
}

await main();
// Everything is measured and written: end the process. A stopped LiveRunner no longer leaves
// rate-limiter sleepers behind (its REST client closes the limiter it made, which clears their
// timers); whatever is still alive (the live section's simulator child process, loopback
// sockets) is named here, so a leak stays visible instead of keeping the bench alive.
// The sections run in the children, so only a child reports (a pending Immediate is no leak).
const alive = process.env.BENCH_CHILD === undefined ? [] : process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap' && r !== 'Immediate');
if (alive.length > 0) console.error(`bench: ending with ${alive.length} resource(s) still active (${alive.join(', ')}); see the note in bench/run.ts`);
process.exitCode = 0;
setImmediate(() => process.exit());
