import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';
import { describeResume } from '../../../src/live/runner/runner-options.ts';
import { memoryLogger, session, startSim, tempDir } from './helpers.ts';
import { startRunner } from './in-process.ts';
import { useTeardown } from './teardown.ts';
import { LiveRunner } from '../../../src/live/runner/live-runner.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * Start-up is transactional: a `live --paper` start that fails (here: the REST endpoint is
 * down, so no server time and no warm-up) leaves no journal, so the next start is a new session
 * with the requested cash (it used to resume the header-only journal: cash ignored, equity 0).
 * A restart says what it resumes.
 */
describe('transactional start', () => {
  const defer = useTeardown();

  it('a failed start leaves nothing; the next start gets its cash; a restart prints what it resumes', async () => {
    const t = tempDir('start-');
    defer(t.cleanup);
    const journal = join(t.dir, 'paper.jsonl');
    const cfg = session({ cash: '2500' });
    const { logger, lines } = memoryLogger();
    const broken = new LiveRunner({
      session: cfg,
      journalPath: journal,
      restUrl: 'http://127.0.0.1:1', // nothing listens there
      wsPublicUrl: 'ws://127.0.0.1:1',
      wsPrivateUrl: 'ws://127.0.0.1:1',
      clock: 'feed',
      logger,
      sync: 'write',
      restOptions: { retry: { maxAttempts: 1 } },
    });
    await expect(broken.start()).rejects.toThrow();
    expect(readdirSync(t.dir)).toEqual([]);
    expect(lines().some((l) => l.msg === 'start failed; the unfinished journal is removed')).toBe(true);

    const s = await startSim({ USD: '10000' });
    defer(() => s.sim.close());
    const first = (await startRunner(s.sim, cfg, journal)).runner;
    expect(first.restarted).toBe(false);
    expect(first.session.summary().balances).toEqual({ USD: '2500' });
    expect(first.session.equityNow()).toBe(2500);
    await first.stop();

    const second = (await startRunner(s.sim, cfg, journal)).runner;
    defer(() => second.stop());
    expect(second.restarted).toBe(true);
    expect(second.resumed).toMatchObject({ balances: { USD: '2500' }, positions: [{ pair: 'BTC/USD', qty: '0' }], openOrders: [], lastEvent: { k: 'mode' } });
    expect(describeResume(journal, second.resumed!)).toMatch(/^resuming .*paper\.jsonl \(\d+ entries\): balances USD 2500; positions flat; open orders none; last event #\d+ mode at 2022-/);
  });

  it.each([
    [{ risk: { maxOrderNotional: '-5' } }, /risk\.maxOrderNotional: must be a positive amount/],
    [{ risk: { maxDrawdown: 1.5 } }, /risk\.maxDrawdown/],
    [{ risk: { maxPairShare: 0 } }, /risk\.maxPairShare/],
    [{ slippageBps: -1 }, /slippageBps/],
    [{ latencyMs: -10 }, /latencyMs/],
    [{ volumeShare: 2 }, /volumeShare/],
    [{ seed: -1 }, /seed/],
    [{ reposition: { maxAgeMs: 0 } }, /reposition\.maxAgeMs/],
    [{ cash: '-1' }, /cash/],
  ])('the session config refuses %j', (over, msg) => {
    expect(() => parseSessionConfig({ mode: 'paper', strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '1h', clientIdPrefix: 'T', ...over })).toThrow(msg);
  });

  it.each([
    [['--deadman', '-1'], /error: --deadman: Too small/],
    [['--status-port', '70000'], /error: --status-port: Too big/],
    [['--warmup', '1000'], /error: --warmup: Too big/],
    [['--config', 'CONFIG'], /error: invalid session config: risk\.maxOrderNotional: must be a positive amount/],
  ])('the live CLI refuses %j before it writes anything', (args, msg) => {
    const t = tempDir('cli-');
    defer(t.cleanup);
    const config = join(t.dir, 'c.json');
    writeFileSync(config, JSON.stringify({ risk: { maxOrderNotional: '-1' } }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/live/cli.ts', '--paper', '--journal', join(t.dir, 'j.jsonl'), '--endpoint', 'http://127.0.0.1:1', '--ws-public', 'ws://127.0.0.1:1', ...args.map((a) => (a === 'CONFIG' ? config : a))], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('j.jsonl'))).toEqual([]);
  }, 30_000);
});
