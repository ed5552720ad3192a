import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { startStatusServer } from '../../../src/live/status/status-server.ts';
import { session, startSim, tempDir } from '../runner/helpers.ts';
import { advanceHour, FIXTURES, startRunner } from '../runner/in-process.ts';
import { useTeardown } from '../runner/teardown.ts';

/** A raw GET with a Host header of our choosing (fetch does not let a caller set Host). */
function get(url: string, host: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'GET', headers: { host, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads Server-Sent Events from /events until `until` says stop (or 10 s pass: the caller's assertions then say what is missing). */
async function readEvents(url: string, until: (events: { event: string; data: any }[]) => boolean): Promise<{ event: string; data: any }[]> {
  const ac = new AbortController();
  const deadline = setTimeout(() => ac.abort(), 10_000);
  const res = await fetch(url, { signal: ac.signal });
  const reader = res.body!.getReader();
  const events: { event: string; data: any }[] = [];
  let buf = '';
  try {
    while (!until(events)) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) break;
      buf += new TextDecoder().decode(value);
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  } finally {
    clearTimeout(deadline);
    ac.abort();
  }
  return events;
}

/** The journal's mode inputs, as "mode: reason". */
function modeReasons(runner: { opts: { journalPath: string } }): string[] {
  return parseJournalText(readFileSync(runner.opts.journalPath, 'utf8')).entries.flatMap((e) => (e.input.k === 'mode' ? [`${e.input.mode}: ${e.input.reason}`] : []));
}

describe('status server: loopback only, Host checked, token file 0600, dashboard pushed as deltas', () => {
  const defer = useTeardown();

  async function start() {
    const s = await startSim();
    defer(() => s.sim.close());
    const t = tempDir('status-server-');
    defer(t.cleanup);
    const { runner } = await startRunner(s.sim, session({ strategy: join(FIXTURES, 'status-strategy.ts'), params: {} }), join(t.dir, 'paper.jsonl'));
    defer(() => runner.stop());
    return { ...s, runner, dir: t.dir };
  }

  it('binds 127.0.0.1, answers loopback Host names only, and narrows an existing 0644 token file to 0600', async () => {
    const { runner, dir } = await start();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'old\n');
    chmodSync(tokenFile, 0o644);
    const server = await startStatusServer(runner, { control: true, controlTokenFile: tokenFile });
    defer(() => server.close());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(server.controlToken);
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await get(`${server.url}status.json`, host);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).mode).toBe('paper');
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1:1`, 'attacker.test']) {
      const r = await get(`${server.url}status.json`, host);
      expect(r.status).toBe(421);
      expect(r.body).toMatch(/is not this server/);
    }
    const page = await get(server.url, `127.0.0.1:${port}`);
    expect(page.body).toContain('<script type="module" src="/app.js">');
    const js = await get(`${server.url}app.js`, `127.0.0.1:${port}`);
    expect(js.status).toBe(200);
    expect(js.body.length).toBeGreaterThan(50_000); // Preact + lightweight-charts + virtual-core, bundled
    expect(js.body).not.toMatch(/https?:\/\/(cdn|unpkg|esm\.sh)/);
    // A cross-site page cannot drive the control endpoint, even with the token.
    const cross = await fetch(`${server.url}control/halt`, { method: 'POST', headers: { 'x-control-token': server.controlToken!, origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
    expect(runner.session.kernel.tradingMode()).toBe('active');
  });

  it('cancel-all (with the token) cancels through the kill-switch path: halted then back, both journaled', async () => {
    const { sim, runner, lastTrade } = await start();
    const server = await startStatusServer(runner, { control: true });
    defer(() => server.close());
    for (let h = 1; h <= 3; h++) await advanceHour(sim, runner, lastTrade, h);
    const before = runner.session.kernel.openOrderList().map((o) => o.clientId);
    const open = before.length;
    expect(open).toBeGreaterThan(0); // the far bid rests
    const refused = await fetch(`${server.url}control/cancel-all`, { method: 'POST' });
    expect(refused.status).toBe(403);
    const r = await fetch(`${server.url}control/cancel-all`, { method: 'POST', headers: { 'x-control-token': server.controlToken!, 'x-control-reason': 'test' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ action: 'cancel-all', tradingMode: 'active', canceled: open });
    const reasons = modeReasons(runner);
    expect(reasons.slice(-2)).toEqual(['halted: control endpoint: cancel-all (test)', 'active: control endpoint: cancel-all done (test)']);
    await advanceHour(sim, runner, lastTrade, 4); // the venue processes the cancels (latency) as time moves
    const still = runner.session.kernel.openOrderList().map((o) => o.clientId);
    expect(before.filter((id) => still.includes(id))).toEqual([]); // every order open before is gone
    expect(runner.session.kernel.tradingMode()).toBe('active'); // and trading goes on
  });

  it('/events sends one snapshot, then only the sections that changed', async () => {
    const { sim, runner, lastTrade } = await start();
    const server = await startStatusServer(runner, { pushThrottleMs: 10 });
    defer(() => server.close());
    for (let h = 1; h <= 3; h++) await advanceHour(sim, runner, lastTrade, h);
    const fillsBefore = runner.session.recentFills.length;
    let h = 3;
    let advanced: Promise<void> | undefined;
    const events = await readEvents(`${server.url}events`, (evs) => {
      if (evs.length === 1) advanced ??= advanceHour(sim, runner, lastTrade, ++h); // after the snapshot: one more bar
      return evs.some((e) => e.event === 'patch' && e.data.data.fills);
    });
    await advanced;
    expect(events[0].event).toBe('snapshot');
    const snap = events[0].data;
    expect(Object.keys(snap.state).sort()).toEqual(['account', 'fills', 'instruments', 'openOrders', 'ops', 'positions', 'risk', 'session', 'strategies']);
    expect(snap.state.fills).toHaveLength(Math.min(50, fillsBefore));
    expect(snap.equity.length).toBeGreaterThan(0);
    const patches = events.filter((e) => e.event === 'patch');
    expect(patches.length).toBeGreaterThan(0);
    for (const p of patches) {
      expect(Object.keys(p.data.data).length).toBeLessThan(9); // a delta, never the whole state again
      expect(p.data.data.instruments).toBeUndefined(); // unchanged sections are not resent
    }
    const equity = events.filter((e) => e.event === 'equity').flatMap((e) => e.data.data);
    for (const pt of equity) expect(pt.time).toBeGreaterThan(snap.equity[snap.equity.length - 1].time); // only new points
  });

  it('a second browser joining never robs the first of a pending change', async () => {
    const { sim, runner, lastTrade } = await start();
    const server = await startStatusServer(runner, { pushThrottleMs: 600_000 }); // no timed flush during the test
    defer(() => server.close());
    for (let h = 1; h <= 3; h++) await advanceHour(sim, runner, lastTrade, h);
    let second: Promise<unknown> | undefined;
    const first = await readEvents(`${server.url}events`, (evs) => {
      // After A's snapshot: a bar closes (fills change, the flush is pending), then B connects.
      if (evs.length === 1) second ??= advanceHour(sim, runner, lastTrade, 4).then(() => readEvents(`${server.url}events`, (b) => b.length >= 1));
      return evs.some((e) => e.event === 'patch' && e.data.data.fills);
    });
    const b = (await second) as { event: string; data: any }[];
    const patch = first.find((e) => e.event === 'patch');
    expect(patch, 'the first browser got the change').toBeDefined();
    expect(patch!.data.data.fills[0].execId).toBe(runner.session.recentFills[runner.session.recentFills.length - 1].execId);
    expect(b[0].event).toBe('snapshot');
    expect(b[0].data.state.fills[0].execId).toBe(patch!.data.data.fills[0].execId); // both see the same state
  });
});
