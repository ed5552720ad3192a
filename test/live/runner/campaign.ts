import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { mulberry32 } from '../../helpers/mulberry32.ts';
import { fetchStatus, spawnLive, type Child } from './child.ts';
import { loseNextOrderEntirely } from './fault-session.ts';
import { HOUR, SIM_START, startSim, tempDir, TEST_KEY, TEST_SECRET } from './helpers.ts';
import { RestFaultProxy, type RestFault } from './rest-fault-proxy.ts';

/**
 * The crash campaign: a real-mode session (`npm run live` child processes) against the
 * simulator with faults on, SIGKILLed again and again at random points (crash points inside the
 * runner, or a plain SIGKILL at a random moment) and restarted on the same journal. Faults per
 * round, drawn from a seeded generator: private REST bursts (502/503/520, timeouts, resets),
 * dropped connections, duplicated and reordered WS frames, lost order answers (the order exists,
 * the answer never comes), lost answers with their executions (only reconciliation can tell),
 * and delayed executions (fills reported late, after the runner may have learnt the outcome by
 * reconciliation, or to a process that is killed meanwhile).
 *
 * After every kill the journal must replay. At the end a clean process settles everything and
 * the outcome is compared with the venue: every venue trade booked once, no order placed twice,
 * nothing open on one side only, the ledger equal to the account.
 */
export interface CampaignReport {
  kills: number;
  fills: number;
  /** Venue trades the journal never booked. */
  lost: number;
  /** Fills booked twice or not at the venue, plus orders placed twice at the venue. */
  duplicated: number;
  /** Orders open at the venue that the kernel does not hold, or held open by the kernel but gone at the venue. */
  orphanedOrders: number;
  /** Assets whose ledger balance differs from the venue's. */
  balanceMismatches: number;
  /** Journals that failed to replay (checked after every kill and at the end). */
  unreplayableJournals: number;
  /** Starts refused with a one-line error (a new session whose start needed private REST during a burst). */
  failedStarts: number;
  faults: Record<string, number>;
}

export interface CampaignOptions {
  readonly kills: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

const CRASH_POINTS = ['journal-appended', 'order-answered', 'venue-event', 'reconnecting'] as const;
const BURST: readonly RestFault[] = [502, 503, 520, 'timeout', 'reset'];

export async function runCampaign(o: CampaignOptions): Promise<CampaignReport> {
  const rnd = mulberry32(o.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const log = o.log ?? (() => {});
  const { sim, lastTrade } = await startSim({ USD: '10000' });
  const proxy = await RestFaultProxy.start(sim.restUrl);
  const t = tempDir('campaign-');
  const journal = join(t.dir, 'real.jsonl');
  const config = join(t.dir, 'config.json');
  writeFileSync(config, JSON.stringify({ clientIdPrefix: 'K1', downtime: null, risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 } }));
  const args = ['--real', '--i-understand-real-money', '--strategy', join(import.meta.dirname, 'fixtures', 'flip-strategy.ts'), '--journal', journal, '--config', config,
    '--timeframe', '1h', '--warmup', '10', '--status-port', '0', '--restart-settle', '0', '--deadman', '0', '--reconcile-every', '5'];
  const env = { KRAKEN_API_KEY: TEST_KEY, KRAKEN_API_SECRET: TEST_SECRET };
  const report: CampaignReport = { kills: 0, fills: 0, lost: 0, duplicated: 0, orphanedOrders: 0, balanceMismatches: 0, unreplayableJournals: 0, failedStarts: 0, faults: {} };
  const count = (f: string) => (report.faults[f] = (report.faults[f] ?? 0) + 1);
  const restoreSend = delayExecutions(sim);
  let hour = 0;
  try {
    for (let round = 0; report.kills < o.kills; round++) {
      const point = rnd() < 0.6 ? `${pick(CRASH_POINTS)}:${1 + Math.floor(rnd() * 6)}` : undefined;
      const child = spawnLive(sim, args, { ...env, ...(point ? { KRAKENBT_FAILPOINT: point } : {}) }, proxy.url);
      let url: string | undefined;
      try {
        url = await child.statusUrl();
      } catch {
        // Killed while starting or replaying (a crash point on the way), or still starting: killed below.
      }
      if (url && child.alive()) {
        for (const f of ['rest-burst', 'drop', 'duplicate', 'reorder', 'lost-answer', 'lost-answer-and-executions', 'late-executions'] as const) {
          if (rnd() > 0.2) continue;
          count(f);
          if (f === 'rest-burst') proxy.burst(...Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => pick(BURST)));
          else if (f === 'drop') sim.faults.dropConnections();
          else if (f === 'duplicate') sim.faults.duplicateNext(1 + Math.floor(rnd() * 4));
          else if (f === 'reorder') sim.faults.reorderNext(2 + Math.floor(rnd() * 3));
          else if (f === 'lost-answer') sim.faults.swallowNextOrderResponse({ mode: rnd() < 0.5 ? 'hang' : 'close' });
          else if (f === 'lost-answer-and-executions') loseNextOrderEntirely(sim);
          else restoreSend.delayNext(150 + Math.floor(rnd() * 1500));
        }
        // Three to five hours per round: the bar in progress at (re)connect missed trades and is
        // dropped, and with the feed clock a bar closes when the next hour's trades arrive.
        const steps = 3 + Math.floor(rnd() * 3);
        for (let step = 0; step < steps && child.alive(); step++) {
          sim.advanceTo(SIM_START + ++hour * HOUR);
          await settleOrDie(child, url, lastTrade(), 3_000);
        }
        if (child.alive()) {
          await sleep(Math.floor(rnd() * 400));
          child.proc.kill('SIGKILL');
        }
      }
      if (child.alive()) child.proc.kill('SIGKILL'); // e.g. a start still retrying REST
      const ex = await child.exited;
      if (ex.signal === 'SIGKILL') report.kills++;
      else if (ex.code === 2 && /^error: /m.test(child.stderr())) report.failedStarts++; // refused to start (REST down): transactional, nothing left
      else throw new Error(`round ${round}: the runner exited with code ${ex.code} (not a kill): ${child.stderr().slice(-2000)}`);
      try {
        if (existsSync(journal)) await replayJournal(journal); // none yet: killed before the first start completed
      } catch (e) {
        report.unreplayableJournals++;
        log(`round ${round}: journal does not replay: ${(e as Error).message}`);
      }
      log(`round ${round}: ${point ?? 'sigkill'} -> ${ex.signal ?? ex.code} (kills ${report.kills}/${o.kills})`);
      if (process.env.CAMPAIGN_DEBUG) log(child.stderr().slice(-1500));
    }
    // A clean process, no faults: it reconciles what the kills left, trades on, and stops.
    proxy.clear();
    restoreSend.delayNext(0);
    sim.faults.swallowPending.length = 0;
    sim.faults.duplicatePending = sim.faults.reorderPending = 0;
    const child = spawnLive(sim, args, env, proxy.url);
    const url = await child.statusUrl();
    for (let h = 0; h < 4; h++) {
      sim.advanceTo(SIM_START + ++hour * HOUR);
      await settleOrDie(child, url, lastTrade(), 15_000);
    }
    // Event time moves on inside the hour (no new bar), so reconciliation can settle what is still
    // in flight, e.g. an order whose answer a fault of the last round swallowed.
    const quiet = async () => (await fetchStatus(url)).openOrders.length === 0 && sim.account(TEST_KEY).openOrders.length === 0;
    for (let m = 5; m <= 55 && !(await quiet().catch(() => false)); m += 5) {
      sim.advanceTo(SIM_START + hour * HOUR + m * 60_000);
      await waitUntil(quiet, 4_000);
    }
    const status = await fetchStatus(url);
    child.proc.kill('SIGTERM');
    await child.exited;
    if (process.env.CAMPAIGN_DEBUG) log(`final child: ${child.stderr().slice(-4000)}`);

    const acct = sim.account(TEST_KEY);
    report.fills = acct.trades.length;
    let replayed;
    try {
      replayed = await replayJournal(journal);
    } catch (e) {
      report.unreplayableJournals++;
      log(`final: journal does not replay: ${(e as Error).message}`);
      return report;
    }
    if (replayed.inputFailures.length) {
      report.unreplayableJournals++; // an entry that failed inside the kernel: replayable, but a validator gap
      log(`final: ${replayed.inputFailures.join('; ')}`);
    }
    const booked = replayed.fills.map((f) => f.execId);
    const venueIds = new Set(acct.trades.map((x) => x.id));
    report.lost = [...venueIds].filter((id) => !booked.includes(id)).length;
    const clIds = [...acct.closedOrders, ...acct.openOrders].map((x) => x.req.clOrdId);
    report.duplicated = booked.length - new Set(booked).size + booked.filter((id) => !venueIds.has(id)).length + (clIds.length - new Set(clIds).size);
    const kernelOpen = new Set(replayed.summary.openOrders.map((x) => x.clientId));
    const venueOpen = new Set(acct.openOrders.map((x) => x.req.clOrdId));
    report.orphanedOrders = [...venueOpen].filter((id) => !kernelOpen.has(id ?? '')).length + [...kernelOpen].filter((id) => !venueOpen.has(id)).length;
    if (report.orphanedOrders) log(`final: kernel open ${JSON.stringify(replayed.summary.openOrders)}; venue open ${JSON.stringify(acct.openOrders.map((x) => [x.req.clOrdId, x.status]))}`);
    for (const asset of ['USD', 'BTC']) {
      if (parseFixed(replayed.summary.balances[asset] ?? '0') !== parseFixed(acct.balances[asset] ?? '0')) report.balanceMismatches++;
    }
    if (Object.keys(status.balanceDrift ?? {}).length) log(`final: the runner reported drift ${JSON.stringify(status.balanceDrift)}`);
    return report;
  } finally {
    await proxy.close();
    await sim.close();
    t.cleanup();
  }
}

/** Waits until the child saw the market up to `target` with nothing in flight, or died, or time ran out. */
async function settleOrDie(child: Child, url: string, target: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (child.alive() && Date.now() < end) {
    try {
      const s = await fetchStatus(url);
      if ((s.health.lastTradeAt ?? 0) >= target && s.openOrders.length === 0) return;
    } catch {
      // status server gone: the process is dying
    }
    await sleep(20);
  }
}

async function waitUntil(cond: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond().catch(() => false)) return;
    await sleep(50);
  }
}

/** Delays the executions frames of the next order by `ms` of wall time (late fills). */
function delayExecutions(sim: KrakenSimulator): { delayNext(ms: number): void } {
  const ws = sim.ws as unknown as { sendData(conn: unknown, msg: { channel?: string }): void };
  const send = ws.sendData.bind(ws);
  let delay = 0;
  ws.sendData = (conn, msg) => {
    if (delay > 0 && msg.channel === 'executions') {
      const d = delay;
      setTimeout(() => send(conn, msg), d).unref();
      return;
    }
    send(conn, msg);
  };
  return {
    delayNext(ms) {
      delay = ms;
      if (ms > 0) setTimeout(() => (delay = 0), ms).unref();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
