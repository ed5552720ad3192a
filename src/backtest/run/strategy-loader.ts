import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_STRATEGIES } from '../../core/strategies/index.ts';
import type { Strategy, StrategyFactory } from '../../core/strategy/strategy.ts';

/**
 * Finds a strategy by built-in name, or loads a user's TypeScript/JavaScript file by path.
 * A file exports (default or named `strategy`) a StrategyFactory, a Strategy class, or a
 * function returning a Strategy; all get the same `--param` values.
 */
export async function loadStrategyFactory(nameOrPath: string): Promise<StrategyFactory> {
  const builtin = BUILTIN_STRATEGIES.get(nameOrPath);
  if (builtin) return builtin;
  const looksLikePath = /[/\\]|\.(ts|js|mjs|mts)$/.test(nameOrPath);
  if (!looksLikePath) {
    throw new Error(`unknown strategy "${nameOrPath}"; built-in strategies: ${[...BUILTIN_STRATEGIES.keys()].join(', ')}, or give a path to your own .ts file`);
  }
  const path = resolve(nameOrPath);
  if (!existsSync(path)) throw new Error(`strategy file not found: ${path}`);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const exported = mod.default ?? mod.strategy;
  if (!exported) throw new Error(`${nameOrPath}: export a strategy as default (a StrategyFactory, a Strategy class, or a function returning a Strategy)`);
  return asFactory(nameOrPath, exported);
}

function asFactory(source: string, x: unknown): StrategyFactory {
  if (typeof x === 'object' && x !== null && typeof (x as StrategyFactory).create === 'function') return x as StrategyFactory;
  if (typeof x === 'function') {
    const make = (params: Readonly<Record<string, string>>): Strategy => {
      const fn = x as (p: Readonly<Record<string, string>>) => Strategy;
      const isClass = /^class\s/.test(Function.prototype.toString.call(fn));
      const s = isClass ? new (fn as unknown as new (p: Readonly<Record<string, string>>) => Strategy)(params) : fn(params);
      if (!s || typeof s !== 'object' || typeof s.name !== 'string') throw new Error(`${source}: the export did not produce a strategy (an object with a name and callbacks)`);
      return s;
    };
    return { name: source, description: `user strategy from ${source}`, params: {}, create: make };
  }
  if (typeof x === 'object' && x !== null && typeof (x as Strategy).name === 'string') {
    return { name: source, description: `user strategy from ${source}`, params: {}, create: () => x as Strategy };
  }
  throw new Error(`${source}: the default export is not a strategy, a strategy class or a StrategyFactory`);
}
