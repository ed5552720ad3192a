import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign.ts';

/** The crash campaign sized for CI (`npm run campaign` runs 50 kills). */
describe('crash campaign (real mode, faults on, SIGKILL at random points)', () => {
  it('loses, duplicates and orphans nothing; the ledger is the venue\'s; every journal replays', async () => {
    const lines: string[] = [];
    const r = await runCampaign({ kills: 6, seed: 7, log: (l) => lines.push(l) });
    process.stdout.write(`crash campaign: ${JSON.stringify(r)}\n`);
    expect(r.kills).toBe(6);
    expect(r.fills).toBeGreaterThan(3);
    expect({ lost: r.lost, duplicated: r.duplicated, orphanedOrders: r.orphanedOrders, balanceMismatches: r.balanceMismatches, unreplayableJournals: r.unreplayableJournals }, lines.join('\n')).toEqual({
      lost: 0, duplicated: 0, orphanedOrders: 0, balanceMismatches: 0, unreplayableJournals: 0,
    });
  }, 240_000);
});
