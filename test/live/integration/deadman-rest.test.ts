/** The dead man's switch is re-armed over REST when the private socket cannot carry it. */
import { afterEach, describe, expect, it } from 'vitest';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { armDeadman } from '../../../src/live/venue/deadman.ts';
import { KEY, restClient, startSim, subscribed, T0, wsClients } from './harness.ts';

const log = { warns: [] as string[], warn(_f: Record<string, unknown>, m: string) { this.warns.push(m); } };
let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  log.warns.length = 0;
});

describe('dead man switch over WS, REST fallback', () => {
  it('uses the socket when it is up', async () => {
    sim = await startSim();
    const rest = restClient(sim);
    const { priv } = wsClients(sim, rest);
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);
    expect(await armDeadman(priv, rest, 60, log)).toBe('ws');
    expect(sim.requireAccount(KEY).deadman?.triggerAt).toBe(T0 + 60_000);
    priv.close();
    await rest.close();
  });

  it('re-arms over REST while the socket is down, and the switch then fires only if not refreshed', async () => {
    sim = await startSim();
    const rest = restClient(sim);
    const { priv } = wsClients(sim, rest); // never connected: every WS request is not_sent
    expect(await armDeadman(priv, rest, 60, log)).toBe('rest');
    expect(log.warns).toContain('dead man switch not refreshed over WS; using REST');
    expect(sim.requireAccount(KEY).deadman?.triggerAt).toBe(T0 + 60_000);
    sim.advanceBy(30_000);
    expect(await armDeadman(priv, rest, 60, log)).toBe('rest'); // refreshed: the deadline moves
    expect(sim.requireAccount(KEY).deadman?.triggerAt).toBe(T0 + 90_000);
    expect(await armDeadman(priv, rest, 0, log)).toBe('rest'); // disarmed at shutdown
    expect(sim.requireAccount(KEY).deadman).toBeUndefined();
    await rest.close();
  });

  it('reports failed (never throws) when REST is down too', async () => {
    sim = await startSim();
    const rest = restClient(sim, { retry: { maxAttempts: 1 } });
    sim.faults.serviceUnavailableNext(5);
    expect(await armDeadman(undefined, rest, 60, log)).toBe('failed');
    await rest.close();
  });
});
