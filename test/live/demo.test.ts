import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it("the README's offline live demo runs: paper session on the simulator, then a replay with the same hash", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-'));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/live/demo.ts', '--hours', '96', '--journal', join(dir, 'demo.jsonl')], { cwd: ROOT, encoding: 'utf8' });
    const live = /live paper session: .* event-log hash ([0-9a-f]{64})/.exec(stdout)?.[1];
    const replay = /replayed through the backtest path .* event-log hash ([0-9a-f]{64})/.exec(stdout)?.[1];
    expect(live).toBeDefined();
    expect(replay).toBe(live);
    expect(stdout).toContain('parity: the live session and its backtest replay are identical');
    expect(stdout).toMatch(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/ /m); // the newcomer's way into the dashboard
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
