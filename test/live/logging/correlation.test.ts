import { describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../runner/helpers.ts';
import { startFaultSession } from '../runner/fault-session.ts';

/**
 * The live runner's logs are structured JSON, every line about one order carries its client
 * order id as `cid` from the strategy's decision to the last fill, and no secret is written.
 */
describe('live logs', () => {
  it('follow each order from decision to fill by one correlation id, and never show the secret', async () => {
    const s = await startFaultSession('real');
    let lines: Record<string, unknown>[];
    try {
      for (let h = 1; h <= 5; h++) await s.hour(h);
      lines = s.logs();
    } finally {
      await s.close();
    }
    for (const l of lines) expect(typeof l.msg === 'string' && typeof l.level === 'string' && typeof l.time === 'number').toBe(true);
    const byCid = new Map<string, string[]>();
    for (const l of lines) if (typeof l.cid === 'string') byCid.set(l.cid, [...(byCid.get(l.cid) ?? []), String(l.msg)]);
    const filled = [...byCid].filter(([, msgs]) => msgs.includes('fill booked'));
    expect(filled.length).toBeGreaterThanOrEqual(2);
    for (const [cid, msgs] of filled) {
      // Decision first, then sent, then filled; the acknowledgement may come after the execution
      // reports (Kraken can stream executions before answering add_order), but it comes.
      const at = (m: string) => msgs.indexOf(m);
      const trail = `${cid}: ${msgs.join(' > ')}`;
      expect(msgs[0], trail).toBe('order submitted');
      expect(at('order sent') > 0 && at('order sent') < at('fill booked'), trail).toBe(true);
      expect(at('order acknowledged'), trail).toBeGreaterThan(0);
    }
    // Orders refused by risk (the warm-up halt) are followed too.
    const refused = [...byCid].filter(([, msgs]) => msgs.includes('order rejected'));
    expect(refused.length).toBeGreaterThan(0);
    for (const [, msgs] of refused) expect(msgs[0]).toBe('order submitted');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(TEST_SECRET);
    expect(text).not.toContain(Buffer.from(TEST_SECRET, 'base64').toString('hex'));
  });
});
