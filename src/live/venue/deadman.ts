import type { KrakenRestClient } from '../kraken/rest/client.ts';
import type { KrakenWsClient } from '../kraken/ws/client.ts';

export type DeadmanPath = 'ws' | 'rest' | 'failed';

export interface DeadmanLog {
  warn(fields: Record<string, unknown>, msg: string): void;
}

/**
 * Arms (or with 0 disarms) Kraken's dead man's switch: every open order is cancelled unless this
 * is refreshed within `timeoutSec` (docs.kraken.com/api/docs/websocket-v2/cancel_after and
 * /rest-api/cancel-all-orders-after; Kraken suggests a refresh every 15-30 s with a 60 s timeout).
 * Over the private WebSocket when it answers; over REST CancelAllOrdersAfter when the socket is
 * down or its answer is lost, so a WS outage longer than the timeout does not cancel every order
 * while the process is alive. Never throws.
 */
export async function armDeadman(ws: KrakenWsClient | undefined, rest: KrakenRestClient, timeoutSec: number, log: DeadmanLog): Promise<DeadmanPath> {
  if (ws) {
    try {
      const out = await ws.cancelAllOrdersAfter(timeoutSec);
      if (out.status === 'accepted') return 'ws';
      log.warn({ status: out.status, timeoutSec }, 'dead man switch not refreshed over WS; using REST');
    } catch (err) {
      log.warn({ err: String(err) }, 'dead man switch over WS failed; using REST');
    }
  }
  try {
    await rest.cancelAllOrdersAfter(timeoutSec);
    return 'rest';
  } catch (err) {
    log.warn({ err: String(err), timeoutSec }, 'dead man switch refresh failed on REST too');
    return 'failed';
  }
}
