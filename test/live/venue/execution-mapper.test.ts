/**
 * Property: however Kraken splits an order's completion (the last trade saying filled, or
 * partially_filled followed by a `filled` report, or partially_filled alone as in the docs
 * example), the mapper books every fill once, in order, and marks exactly the last one filled;
 * quote-sized orders reach the same result through the held fill.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed, parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { VenueEvent } from '../../../src/core/venue/port.ts';
import type { ExecutionReport } from '../../../src/live/kraken/ws/messages/private-data.ts';
import { ExecutionMapper } from '../../../src/live/venue/execution-mapper.ts';

const report = (r: Partial<ExecutionReport>): ExecutionReport => ({ order_id: 'O1', timestamp: '2024-01-01T00:00:00Z', exec_type: 'new', ...r }) as ExecutionReport;

describe('ExecutionMapper', () => {
  it('books each fill once and completes the order exactly at its last fill, for every completion style', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('trade-says-filled', 'split', 'docs-example'),
        fc.boolean(),
        (parts, style, quoteSized) => {
          if (quoteSized && style === 'docs-example') return; // without a size nothing but a report can say it is done
          const units = parts.map((p) => BigInt(p) * 100n); // 1e-8 BTC units -> Fixed
          const total = units.reduce((a, b) => a + b, 0n);
          const m = new ExecutionMapper();
          m.track('c', quoteSized ? undefined : total);
          const events: VenueEvent[] = [];
          const push = (r: ExecutionReport) => events.push(...m.map(r, 'c').events);
          push(report({ exec_type: 'new', order_status: 'new' }));
          let cum = 0n;
          units.forEach((u, i) => {
            cum += u;
            const last = i === units.length - 1;
            push(
              report({
                exec_type: 'trade',
                exec_id: `T${i}`,
                last_qty: formatFixed(u),
                last_price: '30000',
                cum_qty: formatFixed(cum),
                order_status: last && style === 'trade-says-filled' ? 'filled' : 'partially_filled',
              }),
            );
          });
          if (style !== 'docs-example') push(report({ exec_type: 'filled', order_status: 'filled', cum_qty: formatFixed(total) }));
          const fills = events.filter((e): e is Extract<VenueEvent, { kind: 'fill' }> => e.kind === 'fill');
          expect(fills.map((x) => x.execId)).toEqual(units.map((_, i) => `T${i}`));
          expect(fills.reduce((a, x) => a + x.qty, 0n)).toBe(total);
          expect(fills.map((x) => x.orderStatus)).toEqual(units.map((_, i) => (i === units.length - 1 ? 'filled' : 'partially-filled')));
          expect(m.flush()).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a held quote-sized fill is released as partial by a cancel, and by flush() when nothing follows', () => {
    const m = new ExecutionMapper();
    m.track('q', undefined);
    const trade = report({ exec_type: 'trade', exec_id: 'T1', last_qty: '0.001', last_price: '30000', cum_qty: '0.001', order_status: 'partially_filled' });
    expect(m.map(trade, 'q').events).toEqual([]);
    const after = m.map(report({ exec_type: 'canceled', order_status: 'canceled', reason: 'User requested' }), 'q').events;
    expect(after.map((e) => e.kind)).toEqual(['fill', 'canceled']);
    expect((after[0] as { orderStatus: string }).orderStatus).toBe('partially-filled');

    const n = new ExecutionMapper();
    n.track('q', undefined);
    n.map({ ...trade, exec_id: 'T2' }, 'q');
    const flushed = n.flush();
    expect(flushed).toHaveLength(1);
    expect((flushed[0] as { qty: bigint }).qty).toBe(parseFixed('0.001'));
  });

  it('a filled report with fills missing asks for reconciliation and invents nothing', () => {
    const m = new ExecutionMapper();
    m.track('c', parseFixed('0.002'));
    m.map(report({ exec_type: 'trade', exec_id: 'T1', last_qty: '0.001', last_price: '30000', cum_qty: '0.001', order_status: 'partially_filled' }), 'c');
    const out = m.map(report({ exec_type: 'filled', order_status: 'filled', cum_qty: '0.002' }), 'c');
    expect(out.events).toEqual([]);
    expect(out.reconcile).toMatch(/before all its fills were seen/);
  });
});
