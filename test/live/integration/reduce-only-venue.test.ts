/**
 * The live venue never sends a reduce-only buy (Kraken spot cannot honour it: its reduce_only is
 * for margin positions): it answers `rejected` with the reason and Kraken sees nothing. A
 * reduce-only sell is sent as a plain spot sell and rests at the venue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VenueEvent } from '../../../src/core/venue/port.ts';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KrakenVenue } from '../../../src/live/venue/kraken-venue.ts';
import { KEY, restClient, startSim, subscribed, until, wsClients } from './harness.ts';
import { venueOrder } from './venue-order.ts';

let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('reduce-only orders at the live venue', () => {
  it('a buy is refused before sending, with its reason; a sell goes out as a plain spot sell', async () => {
    sim = await startSim();
    const s = sim;
    const rest = restClient(s);
    const { priv } = wsClients(s, rest);
    const events: VenueEvent[] = [];
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const venue = new KrakenVenue({ ws: priv, rest, emit: (ev) => (events.push(ev), true), openKernelOrders: () => [], log, now: () => s.now() });
    venue.live = true;
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);
    venue.submit(venueOrder({ clientId: 'ro-buy', side: 'buy', limitPrice: parseFixed('29000'), reduceOnly: true }));
    await until(() => events.some((e) => e.clientId === 'ro-buy'), 'the refusal');
    expect(events.find((e) => e.clientId === 'ro-buy')).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/reduce-only buy/) });
    venue.submit(venueOrder({ clientId: 'ro-sell', side: 'sell', limitPrice: parseFixed('31000'), reduceOnly: true }));
    await until(() => events.some((e) => e.clientId === 'ro-sell' && e.kind === 'accepted'), 'the sell acknowledged');
    const open = s.account(KEY).openOrders;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ side: 'sell' });
    priv.close();
    await rest.close();
  });
});
