import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { startStatusServer } from '../../../src/live/status/status-server.ts';
import { session, startSim, tempDir } from '../runner/helpers.ts';
import { advanceHour, closedOrders, FIXTURES, startRunner } from '../runner/in-process.ts';
import { useTeardown } from '../runner/teardown.ts';

/**
 * POST /control/{halt,reduce-only,resume} on the status server of a paper runner (flip
 * strategy: one market order per bar, buy when flat, sell when long). Read-only by default;
 * with control on, only the right token is obeyed. Each change is a journaled `mode` input and
 * the kernel refuses or allows the next orders accordingly.
 */
describe('status server control endpoint', () => {
  const defer = useTeardown();

  async function start(control: boolean) {
    const s = await startSim();
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('control-');
    defer(t.cleanup);
    const journal = join(t.dir, 'paper.jsonl');
    const started = await startRunner(sim, session({ strategy: join(FIXTURES, 'flip-strategy.ts'), params: {} }), journal);
    const runner = started.runner;
    defer(() => runner.stop());
    const tokenFile = join(t.dir, 'token');
    const server = await startStatusServer(runner, { control, controlTokenFile: tokenFile });
    defer(() => server.close());
    const post = (action: string, token?: string) =>
      fetch(`${server.url}control/${action}`, { method: 'POST', headers: token ? { 'x-control-token': token } : {} });
    const modeEntries = () =>
      parseJournalText(readFileSync(journal, 'utf8'))
        .entries.map((e) => e.input)
        .flatMap((i) => (i.k === 'mode' ? [`${i.mode} (${i.reason})`] : []));
    return { s, sim, runner, server, post, tokenFile, modeEntries, logLines: started.logLines };
  }

  it('is read-only by default: every control request is refused, nothing changes', async () => {
    const { post, tokenFile, modeEntries, runner, server } = await start(false);
    expect(server.controlToken).toBeNull();
    expect(() => readFileSync(tokenFile)).toThrow(/ENOENT/);
    for (const action of ['halt', 'reduce-only', 'resume']) {
      const r = await post(action, 'anything');
      expect(r.status).toBe(403);
      expect(await r.text()).toMatch(/read-only/);
    }
    expect(runner.session.kernel.tradingMode()).toBe('active');
    expect(modeEntries()).toEqual(['halted (warm-up)', 'active (warm-up done)']);
  });

  it('with control on: refuses a missing or wrong token, obeys the right one, journals it, and gates orders', async () => {
    const { s, post, tokenFile, modeEntries, logLines, sim, runner, server } = await start(true);
    const token = server.controlToken!;
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
    expect((await post('halt')).status).toBe(403);
    expect((await post('halt', token.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).status).toBe(403);
    expect((await fetch(`${server.url}control/halt`, { headers: { 'x-control-token': token } })).status).toBe(405);
    expect(runner.session.kernel.tradingMode()).toBe('active');

    let h = 0;
    const hour = async () => advanceHour(sim, runner, s.lastTrade, ++h);
    const rejectedSince = (from: number) => closedOrders(logLines().slice(from)).filter((o) => o.status === 'rejected').map((o) => o.reason?.split(':')[0]);
    const fillsSince = (from: number) => runner.session.recentFills.slice(from).map((f) => f.side);
    for (let i = 0; i < 3; i++) await hour(); // trading: flat -> long
    expect(runner.session.recentFills.length).toBeGreaterThan(0);
    while (runner.session.kernel.ledger.position('BTC') === 0n) await hour();

    // halt: the next bars' orders are refused.
    let r = await post('halt', token);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ tradingMode: 'halted' });
    let mark = logLines().length;
    let fills = runner.session.recentFills.length;
    await hour();
    await hour();
    expect(rejectedSince(mark)).toEqual(['halted', 'halted']);
    expect(fillsSince(fills)).toEqual([]);

    // reduce-only: the sell (reduces the long) is allowed, the next buy is refused.
    r = await post('reduce-only', token);
    expect(await r.json()).toMatchObject({ tradingMode: 'reducing-only' });
    mark = logLines().length;
    fills = runner.session.recentFills.length;
    for (let i = 0; i < 3; i++) await hour();
    expect(fillsSince(fills)).toEqual(['sell']);
    expect(rejectedSince(mark).length).toBeGreaterThan(0);
    expect(new Set(rejectedSince(mark))).toEqual(new Set(['reduce-only']));

    // resume: buys again.
    r = await post('resume', token);
    expect(await r.json()).toMatchObject({ tradingMode: 'active' });
    fills = runner.session.recentFills.length;
    for (let i = 0; i < 3; i++) await hour();
    expect(fillsSince(fills)).toContain('buy');

    expect(modeEntries()).toEqual([
      'halted (warm-up)',
      'active (warm-up done)',
      'halted (control endpoint: halt)',
      'reducing-only (control endpoint: reduce-only)',
      'active (control endpoint: resume)',
    ]);
  });

  it('halt-strategy / resume-strategy: token needed, validated (409 with the reason), journaled as strategy inputs, gating that strategy\'s orders', async () => {
    const { s, post, logLines, sim, runner, server } = await start(true);
    const token = server.controlToken!;
    const name = runner.session.sk.strategyName;
    let h = 0;
    const hour = async () => advanceHour(sim, runner, s.lastTrade, ++h);
    await hour();
    expect((await post(`halt-strategy?strategy=${name}`)).status).toBe(403);
    expect([...runner.session.kernel.strategyHalts()]).toEqual([]);
    let r = await post('halt-strategy?strategy=nobody', token);
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ action: 'halt-strategy', strategy: 'nobody', refused: `strategy "nobody" is not one this session runs (known: ${name})` });
    r = await post('halt-strategy', token); // no strategy named
    expect(r.status).toBe(409);
    expect(((await r.json()) as { refused?: string }).refused).toBe('strategy halt names no strategy id');
    r = await post(`halt-strategy?strategy=${encodeURIComponent(name)}`, token);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ action: 'halt-strategy', tradingMode: 'active', strategy: name });
    const mark = logLines().length;
    await hour();
    await hour();
    const rejected = closedOrders(logLines().slice(mark)).filter((o) => o.status === 'rejected');
    expect(rejected.length).toBe(2);
    expect(rejected.every((o) => o.reason?.startsWith(`strategy-halted: strategy ${name} is halted (control endpoint: halt-strategy)`))).toBe(true);
    expect((await post(`resume-strategy?strategy=${name}`, token)).status).toBe(200);
    r = await post(`resume-strategy?strategy=${name}`, token);
    expect(r.status).toBe(409);
    expect(((await r.json()) as { refused?: string }).refused).toBe(`strategy ${name} is not halted`);
    const entries = parseJournalText(readFileSync(runner.opts.journalPath, 'utf8')).entries.map((e) => e.input);
    expect(entries.flatMap((i) => (i.k === 'strategy' ? [`${i.strategyId} ${i.halted}`] : []))).toEqual([`${name} true`, `${name} false`]);
    expect(entries.filter((i) => i.k === 'refused').length).toBe(3);
  });
});
