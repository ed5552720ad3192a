/**
 * The Kraken conformance table: every row is one documented behaviour, as a frame sequence in and
 * the client's resulting order/balance state out. Each row runs against hand-written frames in the
 * shape of Kraken's documentation examples, and against the strict loopback simulator driven by the
 * row's script; both must reach the same state. Every row has a simulator script (docs/live.md
 * "Kraken conformance" says how the simulator produces each behaviour, faults included).
 */
import { describe, expect, it } from 'vitest';
import { ConformanceClient } from './client-state.ts';
import type { ConformanceRow } from './row.ts';
import { accountRows } from './rows-account.ts';
import { executionRows } from './rows-executions.ts';
import { lenientRows } from './rows-lenient.ts';
import { runOnSim } from './sim-driver.ts';

const ROWS: ConformanceRow[] = [...executionRows, ...lenientRows, ...accountRows];

async function runDocs(row: ConformanceRow) {
  if (row.docs.run) return row.docs.run();
  const client = new ConformanceClient();
  for (const [cid, qty] of row.docs.track ?? []) client.track(cid, qty);
  for (const f of row.docs.frames ?? []) client.feed(f);
  if (row.docs.balanceEx) client.balanceEx(row.docs.balanceEx);
  return client.outcome();
}

describe('Kraken conformance table', () => {
  it('has at least 40 rows, unique ids, each citing its documentation section', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(ROWS.length);
    for (const r of ROWS) expect(r.doc, r.id).toMatch(/docs\.kraken\.com|README \d/);
    expect(ROWS.filter((r) => r.sim).length).toBe(ROWS.length); // every row also runs on the strict simulator (docs/live.md)
  });

  describe.each(ROWS.map((r) => [`${r.id} ${r.behaviour}`, r] as const))('%s', (_name, row) => {
    it(`hand-written frames (${row.doc})`, async () => {
      expect(await runDocs(row)).toMatchObject(row.expect);
    });
    it('strict simulator', async () => {
      expect(await runOnSim(row.sim)).toMatchObject(row.expect);
    });
  });
});
