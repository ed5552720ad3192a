/**
 * Profiling driver (not part of `npm run bench`): only the (b) fill-heavy workload, so that a
 * CPU profile's inclusive times split the order + fill path without the no-strategy runs.
 * `node --cpu-prof --import tsx bench/profile-fills.ts`, or bundled first with esbuild (`--bundle
 * --platform=node --format=esm`) so that the profile has line numbers.
 */
import { EveryNBars, runKernel } from './kernel.ts';

const candles = Number(process.env.PROFILE_CANDLES ?? 1_000_000);
const runs = Number(process.env.PROFILE_RUNS ?? 5);
runKernel(new EveryNBars(), 100_000);
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  runKernel(new EveryNBars(), candles);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e3);
}
console.log(`fill-heavy: best ${Math.min(...cpu).toFixed(1)} ms CPU for ${candles} candles`);
