/**
 * `npm run bench`: the workloads of issue 14, each beside a reference figure measured in the
 * same run (see docs/performance.md). Prints every section and writes them all as JSON to
 * bench/results/<timestamp>.json and bench/results/latest.json. Nothing asserts a time.
 * Sizes: BENCH_SMALL=1 for a quick pass; BENCH_ONLY=a,b,... to run some sections.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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

async function main(): Promise<void> {
  const small = process.env.BENCH_SMALL === '1';
  const only = process.env.BENCH_ONLY?.split(',');
  const want = (id: string) => !only || only.includes(id);
  const started = new Date();
  const out: { started: string; node: string; arch: string; small: boolean; sections: Record<string, { title: string; figures: Figures }> } = {
    started: started.toISOString(),
    node: process.version,
    arch: process.arch,
    small,
    sections: {},
  };
  const record = (id: string, title: string, figures: Figures) => {
    out.sections[id] = { title, figures };
    section(title, figures);
  };
  console.log(`node ${process.version}, ${process.arch}; every figure beside its reference from the same run`);
  const snapshot = want('a') || want('d') ? await loadXbtUsd1h() : undefined;
  if (want('a')) record('a', '(a) sma-cross, real Kraken XBT/USD 1h (70,253 bars), kernel in process vs plain JS loop', (await benchRealSma(snapshot!, small ? 2 : 5)).figures);
  if (want('b')) record('b', '(b) fill-heavy synthetic: one market order + fill per 25 bars, Kraken fees', benchFillHeavy(small ? 100_000 : 2_000_000, small ? 1 : 3));
  if (want('c')) record('c', '(c) synthetic 1m runs from DuckDB, whole runBacktest, fresh process each: peak RSS', await benchMemory(small ? [70_253, 200_000] : [70_253, 1_000_000, 10_000_000]));
  if (want('d')) record('d', '(d) sweep: 200 sma-cross runs on the real 70k file, inline / 1 / 2 workers', await benchSweep(snapshot!, small ? sweepSpec(4, 2) : sweepSpec()));
  if (want('e')) record('e', '(e) default backtest as a whole process vs a plain node process', benchCli(small ? 1 : 3));
  if (want('s')) record('s', 'DuckDB -> columnar batches (date-range load)', await benchStoreLoad());
  if (want('f')) record('f', '(f) live: trade message on the socket -> order out, under load', await benchLiveLatency());
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
const alive = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
if (alive.length > 0) console.error(`bench: ending with ${alive.length} resource(s) still active (${alive.join(', ')}); see the note in bench/run.ts`);
process.exitCode = 0;
setImmediate(() => process.exit());
