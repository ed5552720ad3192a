/**
 * Profiling driver (not part of `npm run bench`): the (d) sweep inline (no workers), so that a
 * CPU profile shows what one sweep job costs beyond the kernel.
 * `node --cpu-prof --import tsx bench/profile-sweep.ts`; for line numbers, bundle it first with esbuild
 * (`--bundle --platform=node --format=esm --packages=external`) to bench/workloads/.profile-sweep.mjs:
 * two folders below the repo root, where the bundled data paths resolve.
 */
import { SnapshotSource } from '../src/research/data/candle-snapshot.ts';
import { runSweep } from '../src/research/sweep/run-sweep.ts';
import { sweepSpec } from './sweep.ts';
import { loadXbtUsd1h } from './workloads/real-data.ts';

const snapshot = await loadXbtUsd1h();
const spec = sweepSpec(Number(process.env.PROFILE_FAST ?? 20), Number(process.env.PROFILE_SLOW ?? 10));
const c0 = process.cpuUsage();
const t0 = performance.now();
const out = await runSweep(new SnapshotSource(snapshot), spec, { workers: 0, snapshot });
const c = process.cpuUsage(c0);
console.log(`${out.results.length} runs inline: ${((performance.now() - t0) / 1e3).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} CPU s`);
