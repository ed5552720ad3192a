/**
 * The strict simulator's executions frames parse exactly like Kraken's example messages in
 * test/fixtures/kraken: for each exec_type with a fixture, the client's parser yields the same
 * fields with the same value types (identifiers aside: the fixtures' orders carry order_userref,
 * the simulator's also a cl_ord_id).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKrakenWsFrame } from '../../../src/live/kraken/ws/messages/parse.ts';
import type { ExecutionReport } from '../../../src/live/kraken/ws/messages/private-data.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { restClient, startSim, subscribed, T0, until, wsClients } from './harness.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/kraken/', import.meta.url));

function parsedFixture(name: string): ExecutionReport {
  const r = parseKrakenWsFrame(readFileSync(`${FIXTURES}${name}`, 'utf8'));
  if (!r.ok) throw r.error;
  return (r.message as { data: ExecutionReport[] }).data[0];
}

/** Field name -> value type, as the client's parser delivers them. */
function shape(r: ExecutionReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined && k !== 'cl_ord_id') out[k] = Array.isArray(v) ? 'array' : typeof v;
  return out;
}

let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('strict simulator frames parse like the fixtures', () => {
  it('pending_new, new, trade, filled and canceled', async () => {
    sim = await startSim({}, ['30010.0']);
    const rest = restClient(sim);
    const { priv } = wsClients(sim, rest);
    const seen = new Map<string, ExecutionReport>();
    priv.on('frame', (f) => {
      const r = parseKrakenWsFrame(f.raw);
      if (r.ok && 'channel' in r.message && r.message.channel === 'executions' && r.message.type === 'update') {
        for (const d of r.message.data) if (!seen.has(d.exec_type)) seen.set(d.exec_type, d);
      }
    });
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);
    await priv.addOrder({ order_type: 'limit', side: 'sell', order_qty: '0.005', limit_price: '30005.0', symbol: 'BTC/USD', cl_ord_id: 'parity-1' });
    await priv.addOrder({ order_type: 'limit', side: 'sell', order_qty: '0.005', limit_price: '31000.0', symbol: 'BTC/USD', cl_ord_id: 'parity-2' });
    sim.advanceTo(T0 + 1000);
    await priv.cancelOrder({ cl_ord_id: ['parity-2'] });
    await until(() => seen.has('canceled') && seen.has('filled'), 'canceled and filled reports');
    priv.close();
    await rest.close();

    const pairs: [string, string][] = [
      ['pending_new', 'ws-v2-executions-pending_new.json'],
      ['new', 'ws-v2-executions-new.json'],
      ['trade', 'ws-v2-executions-trade.json'],
      ['filled', 'ws-v2-executions-filled.SYNTHETIC.json'],
      ['canceled', 'ws-v2-executions-canceled.json'],
    ];
    for (const [execType, file] of pairs) {
      const fromSim = seen.get(execType);
      expect(fromSim, execType).toBeDefined();
      expect(shape(fromSim!), `${execType} vs ${file}`).toEqual(shape(parsedFixture(file)));
    }
  });
});
