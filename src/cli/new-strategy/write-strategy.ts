import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { CliError } from '../cli-error.ts';
import { REPO_ROOT, strategySource, testSource } from './template.ts';

/** kebab-case: starts with a letter, then letters, digits and single hyphens. */
export const STRATEGY_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function validateStrategyName(name: string): void {
  if (!STRATEGY_NAME.test(name) || name.length > 64) {
    throw new CliError(`strategy name "${name}" must be kebab-case (letters, digits, single hyphens, starting with a letter, at most 64 characters), e.g. my-momentum`);
  }
}

/** Writes <dir>/<name>.ts and <dir>/<name>.test.ts; refuses to overwrite either. Returns both paths. */
export async function writeStrategyFiles(name: string, dir: string): Promise<{ strategy: string; test: string }> {
  validateStrategyName(name);
  const folder = resolve(dir);
  const strategy = join(folder, `${name}.ts`);
  const test = join(folder, `${name}.test.ts`);
  for (const f of [strategy, test]) if (existsSync(f)) throw new CliError(`${f} already exists; not overwriting it (choose another name or --dir)`);
  let toRoot = relative(folder, REPO_ROOT).split(sep).join('/');
  toRoot = toRoot === '' ? './' : `${toRoot}/`;
  if (!toRoot.startsWith('.')) toRoot = `./${toRoot}`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(strategy, strategySource({ name, toRoot }), { flag: 'wx' });
    await writeFile(test, testSource({ name, toRoot }), { flag: 'wx' });
  } catch (e) {
    throw new CliError(`cannot write the strategy files in ${folder}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { strategy, test };
}
