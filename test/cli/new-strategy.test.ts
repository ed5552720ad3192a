import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStore } from '../../src/backtest/store/index.ts';
import { krakenbt, ROOT } from './run-krakenbt.ts';

const exec = promisify(execFile);
let dir: string;
let files: { strategy: string; test: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krakenbt-new-'));
  // A project folder outside the repo that reaches its packages, like a clone's own folder does.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{"type": "module", "private": true}\n');
  const r = await krakenbt(['new-strategy', 'my-momentum', '--dir', 'strats', '--json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  files = JSON.parse(r.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('krakenbt new-strategy', () => {
  it('writes the strategy and its test', () => {
    expect(files).toEqual({ strategy: join(dir, 'strats', 'my-momentum.ts'), test: join(dir, 'strats', 'my-momentum.test.ts') });
    expect(readFileSync(files.strategy, 'utf8')).toContain("name: 'my-momentum'");
    expect(readFileSync(files.test, 'utf8')).toContain("import strategy from './my-momentum.ts';");
  });

  it('both files type-check with the repository settings', async () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: ['strats'] }));
    const r = await exec(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', '--listFiles'], { cwd: dir, encoding: 'utf8' }).then(
      (x) => x.stdout,
      (e: { stdout: string }) => e.stdout,
    );
    // Only the generated files are judged here (tsc also reports on the repo files they import).
    const ours = r.split('\n').filter((l) => l.startsWith('strats/'));
    expect(ours).toEqual([]);
    expect(r).toContain(files.strategy); // --listFiles: tsc did check both files
    expect(r).toContain(files.test);
  });

  it('its generated test passes (a real backtest of the strategy on bundled candles)', async () => {
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['strats/**/*.test.ts'], testTimeout: 120000 } };\n");
    const { stdout } = await exec(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(stdout).toMatch(/Tests\s+.*3 passed/);
  });

  it('krakenbt backtest runs it', async () => {
    const store = join(dir, 'market.duckdb');
    await ensureStore(store, { progressBar: false });
    const r = await krakenbt(['backtest', '--strategy', 'strats/my-momentum.ts', '--param', 'lookback=20', '--store', store, '--json', '--no-report', '--no-save'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.params).toBe('lookback=20');
    expect(s.fills).toBeGreaterThan(0);
  });

  it('refuses to overwrite', async () => {
    const before = readFileSync(files.strategy, 'utf8');
    const r = await krakenbt(['new-strategy', 'my-momentum', '--dir', 'strats'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${files.strategy} already exists; not overwriting it (choose another name or --dir)\n`);
    expect(readFileSync(files.strategy, 'utf8')).toBe(before);
  });

  it.each(['My-Strategy', '2fast', 'a--b', 'ends-', 'has space', '../escape', 'x'.repeat(65)])('rejects the name %j', async (name) => {
    const r = await krakenbt(['new-strategy', name, '--dir', 'bad'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: strategy name ".*" must be kebab-case/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
