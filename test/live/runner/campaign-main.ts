// `npm run campaign [-- --kills N --seed S]`: the long crash campaign (default 50 SIGKILLs).
// Prints one line per round on stderr and the report as JSON on stdout; exits 1 when anything
// but kills and fills is not 0.
import { runCampaign } from './campaign.ts';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
};
const report = await runCampaign({ kills: arg('kills', 50), seed: arg('seed', 1), log: (l) => process.stderr.write(`${l}\n`) });
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
const bad = report.lost + report.duplicated + report.orphanedOrders + report.balanceMismatches + report.unreplayableJournals;
process.exit(bad === 0 && report.kills > 0 ? 0 : 1);
