/**
 * Profiling driver (not part of `npm run bench`): the (a) workload run N times, so that
 * `node --cpu-prof --import tsx bench/profile-real.ts` shows where a real run spends its time.
 * PROFILE_SLOW=100000 profiles the no-order run instead.
 */
import { parseBacktestConfig } from '../src/backtest/run/backtest-config.ts';
import { runBacktest } from '../src/backtest/run/run-backtest.ts';
import { SnapshotSource } from '../src/research/data/candle-snapshot.ts';
import { loadXbtUsd1h, XBTUSD_1H_RANGE } from './workloads/real-data.ts';

const snapshot = await loadXbtUsd1h();
const params: Record<string, string> = process.env.PROFILE_SLOW ? { slow: process.env.PROFILE_SLOW } : {};
const config = parseBacktestConfig({ strategy: 'sma-cross', params, pairs: [...XBTUSD_1H_RANGE.pairs], from: XBTUSD_1H_RANGE.from, to: XBTUSD_1H_RANGE.to });
const runs = Number(process.env.PROFILE_RUNS ?? 20);
const cpu: number[] = [];
let hash = '';
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  hash = (await runBacktest(config, new SnapshotSource(snapshot))).hash;
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e3);
}
cpu.sort((a, b) => a - b);
console.log(`${runs} runs, CPU ms per run: best ${cpu[0].toFixed(1)}, median ${cpu[runs >> 1].toFixed(1)}; hash ${hash}`);
