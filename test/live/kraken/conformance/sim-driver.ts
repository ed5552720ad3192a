/**
 * Runs a conformance row against the strict loopback simulator: a private WS client subscribed
 * to executions, the row's script placing orders and moving the market, and every executions
 * frame the simulator sends fed to the same ConformanceClient as the hand-written frames.
 */
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import type { KrakenRestClient } from '../../../../src/live/kraken/rest/client.ts';
import type { KrakenWsClient } from '../../../../src/live/kraken/ws/client.ts';
import type { AddOrderParams } from '../../../../src/live/kraken/ws/messages/requests.ts';
import type { KrakenSimulator, SimulatorOptions } from '../../../../src/live/sim/simulator.ts';
import { KEY, restClient, SECRET, startSim, subscribed, T0, wsClients } from '../../integration/harness.ts';
import { ConformanceClient, type ClientOutcome } from './client-state.ts';

export interface SimRun {
  readonly sim: KrakenSimulator;
  readonly ws: KrakenWsClient;
  readonly rest: KrakenRestClient;
  readonly client: ConformanceClient;
  /** Places an order over WS (tracked like the venue tracks it) and waits for the answer. */
  place(p: AddOrderParams): Promise<string>;
  /** Moves simulator time to T0 + ms, then waits until every frame it caused has arrived. */
  advance(ms: number): Promise<void>;
  /** Waits until every frame sent so far has arrived (a ping round trip: frames are ordered). */
  settle(): Promise<void>;
  tokens(): number;
}

export interface SimScript {
  /** Market trades after T0, one a second (qty 1 each). */
  readonly market?: readonly string[];
  readonly options?: Partial<SimulatorOptions>;
  readonly balances?: Record<string, string>;
  /** Subscribe to executions (default true). */
  readonly executions?: boolean;
  /** Extra executions subscription parameters (`order_status: false`, `snap_trades: true`). */
  readonly subscription?: { readonly order_status?: boolean; readonly snap_trades?: boolean };
  /** Also subscribe a public client to BTC/USD trades and feed its frames to the client state. */
  readonly publicTrades?: boolean;
  run(h: SimRun): Promise<Partial<ClientOutcome> | void>;
}

export async function runOnSim(script: SimScript): Promise<ClientOutcome> {
  const accounts = script.balances ? { accounts: [{ key: KEY, secret: SECRET, balances: script.balances, tier: 'starter' as const }] } : {};
  const sim = await startSim({ ...script.options, ...accounts }, script.market ?? []);
  const rest = restClient(sim);
  const { priv, pub, tokens } = wsClients(sim, rest);
  const client = new ConformanceClient();
  // Executions and engine status frames reach the client state, as in the live venue.
  priv.on('frame', (f) => {
    if (f.raw.includes('"channel":"executions"') || f.raw.includes('"channel":"status"')) client.feed(f.raw);
  });
  pub.on('frame', (f) => {
    if (f.raw.includes('"channel":"trade"')) client.feed(f.raw);
  });
  try {
    if (script.publicTrades) {
      pub.connect();
      pub.subscribe({ channel: 'trade', symbol: ['BTC/USD'] });
      await subscribed(pub);
    }
    if (script.executions !== false) {
      priv.connect();
      priv.subscribe({ channel: 'executions', snap_orders: true, ...script.subscription });
      await subscribed(priv);
    }
    const settle = async () => {
      if (script.executions !== false) await priv.ping();
      if (script.publicTrades) await pub.ping();
    };
    const h: SimRun = {
      sim,
      ws: priv,
      rest,
      client,
      place: async (p) => {
        client.track(p.cl_ord_id ?? '', p.order_qty !== undefined && p.cash_order_qty === undefined ? parseFixed(p.order_qty) : undefined);
        const out = await priv.addOrder(p);
        if (out.status !== 'accepted') throw new Error(`add_order ${out.status}: ${JSON.stringify(out)}`);
        await settle();
        return out.result.order_id ?? '';
      },
      advance: async (ms) => {
        sim.advanceTo(T0 + ms);
        await settle();
      },
      settle,
      tokens: () => tokens.length,
    };
    const extra = (await script.run(h)) ?? {};
    await settle();
    return { ...client.outcome(), ...extra };
  } finally {
    priv.close();
    pub.close();
    await rest.close();
    await sim.close();
  }
}
