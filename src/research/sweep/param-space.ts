import { SeededRandom } from '../../core/random/seeded-random.ts';

/** Candidate values per strategy parameter, as strings (what strategy factories take). */
export type ParamSpace = Readonly<Record<string, readonly string[]>>;
export type Params = Readonly<Record<string, string>>;

/**
 * Parses one `name=values` item: a list `slow=20,40,80` or an inclusive range with a step
 * `fast=5:50:5` (`a:b` steps by 1). Errors name the item.
 */
export function parseParamItem(item: string): [string, string[]] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new Error(`parameter "${item}" must look like name=1,2,3 or name=start:stop:step`);
  const name = item.slice(0, eq).trim();
  const spec = item.slice(eq + 1).trim();
  if (spec.includes(':')) {
    const parts = spec.split(':').map(Number);
    const [a, b, step = 1] = parts;
    if (parts.length > 3 || !parts.every(Number.isFinite) || step <= 0 || b < a) {
      throw new Error(`parameter ${name}: "${spec}" is not a range start:stop[:step] with start <= stop and step > 0`);
    }
    const out: string[] = [];
    // Integer steps counted, not accumulated, so 0.1 steps do not drift.
    for (let i = 0; a + i * step <= b + 1e-9 * Math.abs(step); i++) out.push(String(Number((a + i * step).toPrecision(12))));
    if (out.length > 100_000) throw new Error(`parameter ${name}: range "${spec}" has more than 100000 values`);
    return [name, out];
  }
  const values = spec.split(',').map((v) => v.trim()).filter(Boolean);
  if (values.length === 0) throw new Error(`parameter ${name}: no values in "${spec}"`);
  return [name, values];
}

export function parseParamSpace(items: readonly string[]): ParamSpace {
  const space: Record<string, string[]> = {};
  for (const item of items) {
    const [name, values] = parseParamItem(item);
    if (name in space) throw new Error(`parameter ${name} given twice`);
    space[name] = [...new Set(values)];
  }
  return space;
}

/** Every combination, first parameter outermost, values in the order given. */
export function gridPoints(space: ParamSpace): Params[] {
  let points: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(space)) points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  return points;
}

/** `samples` distinct grid points drawn with a seeded generator (same seed, same points, same order). */
export function randomPoints(space: ParamSpace, samples: number, seed: number): Params[] {
  const grid = gridPoints(space);
  const rng = SeededRandom.fromSeed(seed);
  // Partial Fisher-Yates over indexes.
  const idx = grid.map((_, i) => i);
  const n = Math.min(samples, grid.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng.next() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, n).map((i) => grid[i]);
}

/** Canonical text of a parameter set: names sorted, `a=1,b=2`. */
export function paramsKey(p: Params): string {
  return Object.keys(p).sort().map((k) => `${k}=${p[k]}`).join(',');
}
