/**
 * Runs every `npx krakenbt ...` line of the README's ```sh blocks, in order, as a user would
 * from an empty directory: cwd is a temporary folder, so the default store (built from the
 * bundled data) and out/ are temporary too. `$KRAKEN_SIM` becomes the base URL of a loopback
 * Kraken simulator replaying recorded BTC/USD trades; a line ending in `# not run in CI: <reason>`
 * is skipped (real-money commands only). Each line must exit 0.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLICE_TO, startRecordedSim, type SimMarket } from '../research/download/sim-market.ts';
import { krakenbtExamples, ROOT } from './readme.ts';

const exec = promisify(execFile);
const examples = krakenbtExamples();
const BIN = join(ROOT, 'bin/krakenbt.js');
let dir: string;
let sim: SimMarket | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  // Paths the README names relative to a clone's root.
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'), 'dir');
  mkdirSync(join(dir, 'data'));
  symlinkSync(join(ROOT, 'data/bundled'), join(dir, 'data/bundled'), 'dir');
  // Kraken's public REST on loopback, replaying recorded BTC/USD hours (see sim-market.ts).
  if (examples.some((e) => e.line.includes('$KRAKEN_SIM'))) sim = await startRecordedSim(SLICE_TO);
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('README examples', () => {
  it('the README has krakenbt examples for backtest, runs and new-strategy', () => {
    const commands = new Set(examples.map((e) => e.line.split(/\s+/)[2]));
    for (const c of ['backtest', 'runs', 'new-strategy', 'data']) expect(commands, c).toContain(c);
    for (const e of examples) if (e.skipReason) expect(e.line, 'only real-money commands may be skipped').toMatch(/--real\b/);
  });

  it.each(examples.map((e, i) => [i + 1, e.line, e] as const))('%i: %s', async (_n, _line, example) => {
    if (example.skipReason) return;
    const command = example.line.replace(/^npx krakenbt /, `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} `).replaceAll('$KRAKEN_SIM', sim?.sim.restUrl ?? '');
    const env = { ...process.env, KRAKENBT_STORE: '' };
    try {
      await exec('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      expect.fail(`"${example.line}" exited ${err.code}\nstderr: ${err.stderr}\nstdout: ${err.stdout.slice(0, 2000)}`);
    }
  });
});
