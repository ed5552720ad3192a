/**
 * The loopback simulator in its own process, for bench/live-latency.ts: the measured runner
 * then has its process to itself, as against Kraken. Prints its URLs as one JSON line, waits
 * for `go <trades> <rate> <tradesPerBar>` on stdin, injects that many trades paced at `rate`
 * per second (every tradesPerBar-th one opens a new 1-minute bar and has qty 0.02, the others
 * 0.01), prints `done <seconds>` and keeps serving until stdin closes.
 */
import { createInterface } from 'node:readline';
import { parseFixed } from '../../src/core/decimal/fixed.ts';
import { KrakenSimulator } from '../../src/live/sim/simulator.ts';

const [key, secret] = process.argv.slice(2);
const t0 = Date.UTC(2024, 0, 1);
const sim = await KrakenSimulator.start({
  trades: [{ symbol: 'BTC/USD', price: parseFixed('40000'), qty: parseFixed('0.1'), side: 'buy', ordType: 'market', time: t0 - 60_000 }],
  startTime: t0,
  accounts: [{ key, secret, balances: { USD: '100000000' } }],
  heartbeatMs: 0,
  rateLimit: { enabled: false },
});
process.stdout.write(JSON.stringify({ rest: sim.restUrl, wsPublic: sim.wsPublicUrl, wsPrivate: sim.wsPrivateUrl }) + '\n');

async function inject(trades: number, rate: number, perBar: number): Promise<number> {
  const big = parseFixed('0.02');
  const small = parseFixed('0.01');
  const price = parseFixed('40000');
  const barMs = 60_000 / perBar;
  // At most 2 ms worth of trades at once, so a late turn does not become one long burst.
  const burst = Math.max(1, Math.ceil(rate / 500));
  const start = performance.now();
  let sent = 0;
  while (sent < trades) {
    const due = Math.min(trades, sent + burst, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) {
      const i = sent + 1;
      sim.injectTrade({ symbol: 'BTC/USD', price, qty: i % perBar === 0 ? big : small, side: 'buy', ordType: 'market', time: t0 + i * barMs });
    }
    await new Promise((r) => setImmediate(r));
  }
  return (performance.now() - start) / 1000;
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [cmd, ...args] = line.trim().split(' ');
  if (cmd !== 'go') return;
  const [trades, rate, perBar] = args.map(Number);
  inject(trades, rate, perBar).then(
    (s) => process.stdout.write(`done ${s}\n`),
    (e: unknown) => process.stdout.write(`error ${(e as Error).message}\n`),
  );
});
lines.on('close', () => {
  sim.close().then(() => process.exit(0), () => process.exit(1));
});
