import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_STRATEGIES } from '../../core/strategies/index.ts';
import type { Strategy, StrategyFactory } from '../../core/strategy/strategy.ts';

/** A strategy file that cannot be loaded: one line naming the file (file:line:col when known) and the problem. */
export class StrategyFileError extends Error {
  override readonly name = 'StrategyFileError';
}

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
  const mod = await importStrategyModule(path);
  let exported = mod.default ?? mod.strategy;
  // A .ts file outside a "type": "module" package is compiled to CommonJS by tsx: its ESM
  // default export arrives one level down (module.exports.default).
  if (typeof exported === 'object' && exported !== null && 'default' in exported && !('create' in exported) && !('name' in exported)) {
    exported = (exported as { default: unknown }).default;
  }
  if (!exported) throw new Error(`${nameOrPath}: export a strategy as default (a StrategyFactory, a Strategy class, or a function returning a Strategy)`);
  return asFactory(nameOrPath, exported);
}

const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

/**
 * Imports a strategy file. Syntax is checked first with esbuild, so a mistake is reported as
 * `file:line:col: message` rather than as a loader stack. TypeScript is loaded through tsx
 * when the running process cannot import it itself (the bundled CLI runs plain JavaScript).
 */
async function importStrategyModule(path: string): Promise<Record<string, unknown>> {
  const isTs = /\.[mc]?ts$/.test(path);
  const { transform } = await import('esbuild');
  try {
    await transform(readFileSync(path, 'utf8'), { loader: isTs ? 'ts' : 'js', sourcefile: path, format: 'esm', logLevel: 'silent' });
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    if (first) {
      const at = first.location ? `:${first.location.line}:${first.location.column + 1}` : '';
      throw new StrategyFileError(`strategy file ${shown(path)}${at}: ${first.text}`);
    }
    throw e;
  }
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if (isTs && (e as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      const { tsImport } = await import('tsx/esm/api');
      return wrapLoadError(path, () => tsImport(url, import.meta.url) as Promise<Record<string, unknown>>);
    }
    throw loadError(path, e);
  }
}

async function wrapLoadError(path: string, load: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  try {
    return await load();
  } catch (e) {
    throw loadError(path, e);
  }
}

/** An error thrown while evaluating the file (a bad import, a top-level throw): named with the file. */
function loadError(path: string, e: unknown): StrategyFileError {
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  const err = new StrategyFileError(`strategy file ${shown(path)}: ${message}`);
  if (e instanceof Error) err.stack = `${err.message}\n${e.stack ?? ''}`;
  return err;
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
