/** Small helpers the benches share: CPU and wall time of a piece of work, peak RSS, rounding. */

export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Wall and CPU seconds of `fn` (CPU: this process, all threads; steadier on a shared machine). */
export function timeSync<T>(fn: () => T): Timing & { value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, value };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<Timing & { value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, value };
}

/**
 * The run with the least CPU time among `runs`: the least disturbed by the other processes on
 * the machine (wall time there also counts the time this process waited for a core).
 */
export function best<T extends Timing>(runs: readonly T[]): T {
  return runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
}

export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export const round = (x: number, digits = 0): number => Number(x.toFixed(digits));
