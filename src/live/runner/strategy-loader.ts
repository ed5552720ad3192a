import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_STRATEGIES } from '../../core/strategies/index.ts';
import type { Strategy, StrategyFactory } from '../../core/strategy/strategy.ts';

/** Built-in strategy by name, or a user's file (default export: StrategyFactory, class, or function returning a Strategy). */
export async function loadLiveStrategy(nameOrPath: string, params: Readonly<Record<string, string>>): Promise<Strategy> {
  const builtin: StrategyFactory | undefined = BUILTIN_STRATEGIES.get(nameOrPath);
  if (builtin) return builtin.create(params);
  if (!/[/\\]|\.(ts|js|mjs|mts)$/.test(nameOrPath)) {
    throw new Error(`unknown strategy "${nameOrPath}"; built-in strategies: ${[...BUILTIN_STRATEGIES.keys()].join(', ')}, or give a path to your own .ts file`);
  }
  const path = resolve(nameOrPath);
  if (!existsSync(path)) throw new Error(`strategy file not found: ${path}`);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const x = mod.default ?? mod.strategy;
  if (typeof x === 'object' && x !== null && typeof (x as StrategyFactory).create === 'function') return (x as StrategyFactory).create(params);
  if (typeof x === 'function') {
    const isClass = /^class\s/.test(Function.prototype.toString.call(x));
    const s = isClass ? new (x as new (p: Readonly<Record<string, string>>) => Strategy)(params) : (x as (p: Readonly<Record<string, string>>) => Strategy)(params);
    if (s && typeof s === 'object' && typeof s.name === 'string') return s;
  }
  if (typeof x === 'object' && x !== null && typeof (x as Strategy).name === 'string') return x as Strategy;
  throw new Error(`${nameOrPath}: export a strategy as default (a StrategyFactory, a Strategy class, or a function returning a Strategy)`);
}
