/**
 * Failing and succeeding private sessions against the simulator, with a pino logger at trace
 * level capturing every line: the API secret must never appear in a log line, an error text,
 * an error's stack/inspect/JSON form, or a WS client_error.
 */
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { krakenCredentials } from '../../../src/live/kraken/auth/secrets.ts';
import { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KEY, SECRET, restClient, startSim, subscribed, until, wsClients } from './harness.ts';

let sim: KrakenSimulator;
let lines: string[];
let texts: string[];
let logger: pino.Logger;
const clients: KrakenRestClient[] = [];

/** A well-formed secret the simulator does not know: every signed call fails. */
const WRONG_SECRET = Buffer.from('wrong-secret-wrong-secret-wrong-secret-wrong-secret-wrong-secre').toString('base64');

beforeEach(async () => {
  sim = await startSim();
  lines = [];
  texts = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  logger = pino({ level: 'trace' }, sink);
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await sim.close();
});

/** Every textual form an error can reach a log or a terminal in. */
function errorTexts(err: unknown): string[] {
  const e = err as Error & { cause?: unknown };
  const out = [String(e), e.message, e.stack ?? '', inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e) ?? ''];
  if (e.cause) out.push(...errorTexts(e.cause));
  return out;
}

async function capture(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (err) {
    texts.push(...errorTexts(err));
    return err;
  }
}

function assertNoSecret(secret: string): void {
  const decoded = Buffer.from(secret, 'base64');
  const forms = [secret, encodeURIComponent(secret), decoded.toString('hex'), decoded.toString('latin1')];
  const all = [...lines, ...texts];
  expect(all.length).toBeGreaterThan(0);
  for (const form of forms) expect(all.filter((l) => l.includes(form))).toEqual([]);
}

describe('the API secret never reaches logs or errors', () => {
  it('failing session: wrong secret (EAPI:Invalid signature), unknown key, token failure in the WS client', async () => {
    const wrong = new KrakenRestClient({ baseUrl: sim.restUrl, credentials: krakenCredentials(KEY, WRONG_SECRET), logger, rateLimiter: false, retry: { maxAttempts: 1 } });
    const unknownKey = new KrakenRestClient({ baseUrl: sim.restUrl, credentials: krakenCredentials('NOSUCHKEY123', SECRET), logger, rateLimiter: false, retry: { maxAttempts: 1 } });
    clients.push(wrong, unknownKey);
    const e1 = await capture(wrong.balance());
    expect(String(e1)).toMatch(/EAPI:Invalid signature/);
    const e2 = await capture(wrong.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '29000.0' }));
    expect(String(e2)).toMatch(/Invalid signature/);
    const e3 = await capture(unknownKey.openOrders());
    expect(String(e3)).toMatch(/EAPI:Invalid key/);

    const ws = wsClients(sim, wrong);
    ws.priv.on('client_error', (e) => texts.push(e.context, ...errorTexts(e.error)));
    ws.priv.subscribe({ channel: 'executions' });
    ws.priv.connect();
    await until(() => texts.some((t) => t.includes('getToken')), 'the token failure to be reported');
    ws.priv.close();
    assertNoSecret(WRONG_SECRET);
    assertNoSecret(SECRET);
  });

  it('succeeding session: queries, orders, an ambiguous failure and a retried one, WS token use', async () => {
    const ok = restClient(sim, { logger, timeoutMs: 300 });
    clients.push(ok);
    await capture(ok.balance());
    await capture(ok.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '29000.0', cl_ord_id: 'secret-test-1' }));
    sim.faults.serviceUnavailableNext(1, { http: true });
    await capture(ok.tradeBalance()); // retried, logged as a warning
    sim.faults.swallowNextOrderResponse({ mode: 'close' });
    const lost = await capture(ok.addOrder({ pair: 'XBTUSD', type: 'sell', ordertype: 'limit', volume: '0.01', price: '31000.0', cl_ord_id: 'secret-test-2' }));
    expect(String(lost)).toMatch(/outcome unknown/);
    await capture(ok.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '1000', price: '29000.0' })); // EOrder:Insufficient funds

    const ws = wsClients(sim, ok);
    ws.priv.on('client_error', (e) => texts.push(e.context, ...errorTexts(e.error)));
    ws.priv.on('frame', (f) => texts.push(f.raw));
    ws.priv.subscribe({ channel: 'executions' });
    ws.priv.connect();
    await subscribed(ws.priv);
    ws.priv.close();
    expect(lines.some((l) => l.includes('retrying'))).toBe(true);
    expect(lines.some((l) => l.includes('outcome unknown'))).toBe(true);
    assertNoSecret(SECRET);
  });
});
