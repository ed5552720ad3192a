/**
 * Shared wiring for the client-against-simulator integration tests: a scripted BTC/USD market on
 * the loopback simulator, REST and WebSocket clients pointed at it, and small waiting helpers that
 * fail with a message instead of hanging. Nothing here sleeps on the wall clock to pass time:
 * simulator time moves by advanceTo/step, client timers by a ManualScheduler / ManualClock.
 */
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { krakenCredentials } from '../../../src/live/kraken/auth/secrets.ts';
import { KrakenRestClient, type KrakenRestClientOptions } from '../../../src/live/kraken/rest/client.ts';
import { seededRandom } from '../../../src/live/kraken/rest/retry.ts';
import { KrakenWsClient, type KrakenWsClientOptions } from '../../../src/live/kraken/ws/client.ts';
import type { KrakenWsEvents } from '../../../src/live/kraken/ws/events.ts';
import { ManualScheduler } from '../../../src/live/kraken/ws/scheduler.ts';
import type { MarketTrade } from '../../../src/live/sim/market/market-trade.ts';
import { KrakenSimulator, type SimulatorOptions } from '../../../src/live/sim/simulator.ts';

export const KEY = 'INTEGRATIONKEY';
/** A distinctive 64-byte secret (base64), so a leak is easy to spot in logs. */
export const SECRET = Buffer.from('integration-secret-'.repeat(4).slice(0, 64)).toString('base64');
export const T0 = Date.parse('2024-01-01T00:00:00Z');

/** One BTC/USD trade per second (qty 1 each) starting at `startMs`. */
export function btcTrades(prices: readonly string[], startMs = T0, qty = '1'): MarketTrade[] {
  return prices.map((p, i) => ({ symbol: 'BTC/USD', time: startMs + i * 1000, price: parseFixed(p), qty: parseFixed(qty), side: 'buy', ordType: 'market' }));
}

/** Warm-up history up to T0, then `future` one second apart after T0. */
export function startSim(opts: Partial<SimulatorOptions> = {}, future: readonly string[] = []): Promise<KrakenSimulator> {
  const warm = btcTrades(['30000.0', '30010.0', '29990.0', '30000.0'], T0 - 3000);
  const later = btcTrades(future, T0 + 1000);
  return KrakenSimulator.start({
    trades: [...warm, ...later],
    startTime: T0,
    accounts: [{ key: KEY, secret: SECRET, balances: { USD: '100000', BTC: '2' }, tier: 'starter' }],
    heartbeatMs: 0,
    ...opts,
  });
}

export function restClient(sim: KrakenSimulator, options: Partial<KrakenRestClientOptions> = {}): KrakenRestClient {
  return new KrakenRestClient({
    baseUrl: sim.restUrl,
    credentials: krakenCredentials(KEY, SECRET, 'integration test'),
    rateLimiter: false,
    retry: { baseDelayMs: 1, maxDelayMs: 4, random: seededRandom(7) },
    ...options,
  });
}

export interface WsPair {
  readonly scheduler: ManualScheduler;
  readonly pub: KrakenWsClient;
  readonly priv: KrakenWsClient;
  readonly tokens: string[];
}

/** A public and a private WS client on one ManualScheduler; tokens come from the REST client. */
export function wsClients(sim: KrakenSimulator, rest: KrakenRestClient, overrides: Partial<KrakenWsClientOptions> = {}): WsPair {
  const scheduler = new ManualScheduler(T0);
  const tokens: string[] = [];
  const common: Partial<KrakenWsClientOptions> = {
    scheduler,
    random: () => 0.5,
    backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.5 },
    staleAfterMs: 10_000,
    pingIntervalMs: 4_000,
    requestTimeoutMs: 2_000,
    ...overrides,
  };
  const pub = new KrakenWsClient({ url: sim.wsPublicUrl, ...common });
  const priv = new KrakenWsClient({
    url: sim.wsPrivateUrl,
    getToken: async () => {
      const { token } = await rest.getWebSocketsToken();
      tokens.push(token);
      return token;
    },
    ...common,
  });
  return { scheduler, pub, priv, tokens };
}

/** Rejects instead of hanging when an awaited condition never comes (a guard, not a timed assertion). */
export function within<T>(promise: Promise<T>, what: string, timeoutMs = 4000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The next `event` from `client` satisfying `pred`. */
export function nextEvent<K extends keyof KrakenWsEvents & string>(
  client: KrakenWsClient,
  event: K,
  pred: (p: KrakenWsEvents[K]) => boolean = () => true,
): Promise<KrakenWsEvents[K]> {
  return within(
    new Promise((resolve) => {
      const off = client.on(event, (p) => {
        if (!pred(p)) return;
        off();
        resolve(p);
      });
    }),
    `event ${event}`,
  );
}

/** Polls (on the event loop, not a timer-based assertion) until `cond` holds. */
export async function until(cond: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Waits until a client reports `subscribed` (every registered subscription acknowledged). */
export async function subscribed(client: KrakenWsClient): Promise<void> {
  if (client.state === 'subscribed') return;
  await nextEvent(client, 'state', (s) => s.state === 'subscribed');
}

/** One recorded emission; a union over event names, so checking `event` narrows `payload`. */
export type Recorded<K extends keyof KrakenWsEvents & string> = { [E in K]: { event: E; payload: KrakenWsEvents[E] } }[K];

/** Collects every emission of the listed events. */
export function record<K extends keyof KrakenWsEvents & string>(client: KrakenWsClient, events: readonly K[]): Recorded<K>[] {
  const out: Recorded<K>[] = [];
  for (const e of events) client.on(e, (payload) => out.push({ event: e, payload } as Recorded<K>));
  return out;
}
