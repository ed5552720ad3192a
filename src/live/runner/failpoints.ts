/**
 * Crash injection for the crash tests: `KRAKENBT_FAILPOINT=<name>:<n>` makes the process
 * SIGKILL itself the n-th time it passes the named point (no cleanup, no flush: a real crash).
 * Unset in production; the check is one string comparison.
 *
 * Points: `journal-appended` (entry durable, not processed), `order-answered` (venue answered
 * an order, answer not journaled), `venue-event` (execution received, not journaled),
 * `reconnecting` (market feed reconnecting).
 */
const spec = process.env.KRAKENBT_FAILPOINT;
const [armedName, countText] = spec ? spec.split(':') : [undefined, undefined];
let remaining = countText ? Number(countText) : 1;

export function failpoint(name: string): void {
  if (armedName !== name) return;
  if (--remaining > 0) return;
  process.kill(process.pid, 'SIGKILL');
}
