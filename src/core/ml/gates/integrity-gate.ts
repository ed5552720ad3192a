import { gateReport, type GateReport } from './gate-report.ts';

export interface IntegrityInput {
  /** SHA-256 per file as sealed in the artifact's manifest. */
  readonly manifest: Readonly<Record<string, string>>;
  /** SHA-256 per file as found on disk now (absent: the file is missing). */
  readonly actual: Readonly<Record<string, string>>;
  readonly requiredFiles: readonly string[];
}

/** Gate 1: every required file is present, and every file hashes to what the manifest sealed. */
export function integrityGate(input: IntegrityInput): GateReport {
  const reasons: string[] = [];
  for (const f of input.requiredFiles) {
    if (!(f in input.manifest)) reasons.push(`${f} is not in the manifest`);
    else if (!(f in input.actual)) reasons.push(`${f} is missing`);
  }
  for (const [f, sha] of Object.entries(input.manifest)) {
    if (f in input.actual && input.actual[f] !== sha) reasons.push(`${f}: SHA-256 ${input.actual[f].slice(0, 12)}... differs from the manifest's ${sha.slice(0, 12)}...`);
  }
  for (const f of Object.keys(input.actual)) if (!(f in input.manifest)) reasons.push(`${f} is not covered by the manifest`);
  return gateReport('integrity', reasons, { files: Object.keys(input.actual).length, sealed: Object.keys(input.manifest).length }, { required: input.requiredFiles.join(',') });
}
