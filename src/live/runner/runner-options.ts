import { z } from 'zod';
import type { ResumeInfo } from './session-resume.ts';

/**
 * The runner's numeric options, each with its range: a typo such as a negative deadman timeout
 * or a port of 70000 is refused with the option's name instead of misbehaving later.
 */
const runnerOptionsSchema = z
  .object({
    warmup: z.number().int().min(0).max(720), // Kraken's OHLC returns at most 720 bars
    'status-port': z.number().int().min(-1).max(65_535),
    deadman: z.number().int().min(0).max(86_400), // cancel_all_orders_after accepts up to 86400 s
    'reconcile-every': z.number().min(0).max(86_400),
    'restart-settle': z.number().min(0).max(3_600),
  })
  .strict();

/** Throws one line naming each out-of-range option. */
export function checkRunnerOptions(opts: z.input<typeof runnerOptionsSchema>): void {
  const r = runnerOptionsSchema.safeParse(opts);
  if (!r.success) throw new Error(r.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
}

/** One line for the terminal: what a restart resumes. */
export function describeResume(journal: string, r: ResumeInfo): string {
  const balances = Object.entries(r.balances).map(([a, v]) => `${a} ${v}`).join(', ') || 'none';
  const positions = r.positions.filter((p) => p.qty !== '0').map((p) => `${p.pair} ${p.qty}`).join(', ') || 'flat';
  const orders = r.openOrders.map((o) => `${o.clientId} ${o.side} ${o.pair} (${o.status})`).join(', ') || 'none';
  const last = r.lastEvent ? `#${r.lastEvent.n} ${r.lastEvent.k}${r.lastEvent.time === null ? '' : ` at ${new Date(r.lastEvent.time).toISOString()}`}` : 'none';
  return `resuming ${journal} (${r.entries} entries): balances ${balances}; positions ${positions}; open orders ${orders}; last event ${last}`;
}

