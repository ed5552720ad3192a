import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../research/distributed/redis.ts';

const ROOT = join(import.meta.dirname, '../..');
const FRAGILE = join(ROOT, 'test/research/fixtures/fragile-strategy.ts');
/** tsx by file URL: the commands run in a temp directory, where `--import tsx` would not resolve. */
const NODE_ARGS = ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/krakenbt.ts')];
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

let redis: TestRedis;
let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The table and the results hash: everything but the timing line. */
const stable = (stdout: string) => stdout.split('\n').filter((l) => !/ s on /.test(l)).join('\n');

describe('krakenbt sweep --queue', () => {
  it('prints what the local sweep prints (same table, same results hash), and lists failed jobs', async () => {
    const store = join(dir, 'market.duckdb');
    const args = ['sweep', '--strategy', FRAGILE, '--param', 'boom=0,1', '--param', 'size=50,100', '--timeframe', '1d', '--from', '2019-01-01', '--to', '2020-12-31', '--store', store, '--no-save'];
    // The first run builds the store from the bundled data.
    const local = cli([...args, '--workers', '0'], dir);
    expect(local.stderr).toBe('');
    expect(local.status).toBe(0);
    children.push(spawn(process.execPath, [...NODE_ARGS, 'worker', '--queue', redis.url, '--quiet'], { cwd: dir, stdio: 'ignore' }));
    const queued = cli([...args, '--queue', redis.url], dir);
    expect(queued.status).toBe(0);
    expect(stable(queued.stdout)).toBe(stable(local.stdout));
    expect(queued.stdout).toMatch(/results hash [0-9a-f]{64}/);
    expect(queued.stdout).toMatch(/2 job\(s\) failed:\n {4}full#0\|boom=1,size=50: fragile strategy exploded on candle 10\n {4}full#0\|boom=1,size=100: fragile strategy exploded/);
    // Without a terminal, progress comes as plain lines on stderr: done, failed, running.
    expect(queued.stderr).toMatch(/sweep: 4\/4 done, 2 failed, 0 running/);
  });

  it('refuses a --queue that is not a Redis URL, in one line, exit 2', () => {
    const r = cli(['sweep', '--param', 'fast=5,10', '--queue', 'http://localhost:6379'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --queue "http://localhost:6379" is not a Redis URL (http:); expected redis://host:port[/db], e.g. redis://127.0.0.1:6379\n');
    const w = cli(['worker', '--queue', 'redis://127.0.0.1:6379/99'], dir);
    expect(w.status).toBe(2);
    expect(w.stderr).toBe('error: --queue "redis://127.0.0.1:6379/99": database "99" must be 0-15\n');
  });
});
