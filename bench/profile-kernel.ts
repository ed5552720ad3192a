/**
 * Profiling driver (not part of `npm run bench`): the (b) fill-heavy workload, so that
 * `node --cpu-prof --import tsx bench/profile-kernel.ts` shows the cost of an order + fill.
 */
import { EveryNBars, runKernel } from './kernel.ts';

const candles = Number(process.env.PROFILE_CANDLES ?? 1_000_000);
runKernel(new EveryNBars(), 100_000);
for (const [name, strategy] of [['fill-heavy', () => new EveryNBars()], ['no strategy', () => undefined]] as const) {
  const cpu: number[] = [];
  let r = { hash: '', fills: 0 };
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    r = runKernel(strategy(), candles);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
  }
  console.log(`${name}: best ${Math.min(...cpu).toFixed(1)} ms CPU for ${candles} candles, ${r.fills} fills, hash ${r.hash}`);
}
