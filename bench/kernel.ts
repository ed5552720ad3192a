/**
 * (b) Fill-heavy synthetic run: one market order, and so one fill, every 25 candles (buy,
 * then sell what was bought), Kraken starter fees (0.16% maker / 0.26% taker) charged exactly
 * per fill, risk checks on every order; the kernel fed directly from batches in memory.
 * Beside it: the same candles through the kernel with no strategy (what the orders cost is
 * the difference), and a plain JS loop doing the order arithmetic (fee, cash, quantity).
 */
import { parseFixed, type Fixed } from '../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../src/core/instruments/symbols.ts';
import { Kernel } from '../src/core/kernel/kernel.ts';
import type { Bar } from '../src/core/market/bar.ts';
import type { Strategy, StrategyContext } from '../src/core/strategy/strategy.ts';
import { SimulatedVenue } from '../src/core/venue/sim/simulated-venue.ts';
import { best, round, timeSync } from './workloads/measure.ts';
import { syntheticStream } from './workloads/synthetic.ts';

const EVERY = 25;
const QTY = parseFixed('0.1');

/** Buys QTY at market every 50 candles and sells it 25 candles later. */
export class EveryNBars implements Strategy {
  readonly name = 'every-25-bars';
  private n = 0;
  onCandle(ctx: StrategyContext, bar: Bar): void {
    if (++this.n % EVERY !== 0) return;
    const held: Fixed = ctx.position(bar.symbol);
    if (held > 0n) ctx.submit({ pair: bar.symbol, side: 'sell', type: 'market', qty: held });
    else ctx.submit({ pair: bar.symbol, side: 'buy', type: 'market', qty: QTY });
  }
}

export function runKernel(strategy: Strategy | undefined, candles: number): { hash: string; orders: number; fills: number } {
  const venue = new SimulatedVenue(); // Kraken starter fees, no volume cap, no latency
  let orders = 0;
  let fills = 0;
  const kernel = new Kernel({
    instruments: [defaultSymbols.instrument('BTC/USD')],
    accountCurrency: 'USD',
    strategy: strategy ?? { name: 'none' },
    venue,
    risk: { mode: 'active', maxOrderNotional: 10n ** 40n, maxPairShare: 1, maxDrawdown: 1 },
    onOrderClosed: () => orders++,
    onFill: () => fills++,
  });
  kernel.deposit(0, 'USD', parseFixed('1000000'));
  kernel.start(0);
  const stream = syntheticStream(candles, 1);
  for (let b = stream.next(); b; b = stream.next()) kernel.onCandles(b);
  kernel.stop(kernel.now());
  return { hash: kernel.hash(), orders, fills };
}

/** The same orders as plain arithmetic on floats: fill at the next open, taker fee, cash and quantity. */
function reference(candles: number): { fills: number; cash: number } {
  const stream = syntheticStream(candles, 1);
  let cash = 1_000_000;
  let qty = 0;
  let fills = 0;
  let n = 0;
  let pending = 0;
  for (let b = stream.next(); b; b = stream.next()) {
    for (let i = 0; i < b.length; i++) {
      if (pending !== 0) {
        const px = b.open[i];
        const q = pending > 0 ? 0.1 : qty;
        const notional = q * px;
        const fee = Math.ceil(notional * 0.0026 * 1e5) / 1e5;
        if (pending > 0) {
          cash -= notional + fee;
          qty += q;
        } else {
          cash += notional - fee;
          qty = 0;
        }
        fills++;
        pending = 0;
      }
      if (++n % EVERY === 0) pending = qty > 0 ? -1 : 1;
    }
  }
  return { fills, cash };
}

/** Generating the candles alone (both runs above include it). */
function generateOnly(candles: number): number {
  const stream = syntheticStream(candles, 1);
  let s = 0;
  for (let b = stream.next(); b; b = stream.next()) s += b.close[b.length - 1];
  return s;
}

export function benchFillHeavy(candles = 1_000_000, repeats = 3): Record<string, number | string> {
  runKernel(new EveryNBars(), 100_000); // warm-up
  const heavy = [];
  const bare = [];
  const ref = [];
  const gen = [];
  for (let i = 0; i < repeats; i++) {
    heavy.push(timeSync(() => runKernel(new EveryNBars(), candles)));
    bare.push(timeSync(() => runKernel(undefined, candles)));
    ref.push(timeSync(() => reference(candles)));
    gen.push(timeSync(() => generateOnly(candles)));
  }
  const h = best(heavy);
  const b = best(bare);
  const r = best(ref);
  const g = best(gen);
  const fills = h.value.fills;
  return {
    candles,
    orders: h.value.orders,
    fills,
    'kernel bars/s (fill-heavy, CPU time)': Math.round(candles / h.cpu),
    'kernel fills/s (CPU time)': Math.round(fills / h.cpu),
    'kernel bars/s (no strategy, CPU time)': Math.round(candles / b.cpu),
    'µs per order + fill (submit, risk, match, ledger, hash; CPU)': round(((h.cpu - b.cpu) / Math.max(1, fills)) * 1e6, 2),
    'reference JS loop bars/s (CPU time)': Math.round(candles / r.cpu),
    'reference µs per order + fill (loop minus generating, CPU)': round((Math.max(0, r.cpu - g.cpu) / Math.max(1, r.value.fills)) * 1e6, 3),
    'ratio kernel / reference (CPU time)': round(h.cpu / r.cpu, 1),
    'hash identical across repeats': new Set(heavy.map((x) => x.value.hash)).size === 1 ? 'yes' : 'NO',
    hash: h.value.hash,
  };
}
