/** One gate's verdict: a row of the validation report (what was measured, against what, and why it failed). */
export interface GateReport {
  readonly gate: 'integrity' | 'schema' | 'performance' | 'risk';
  readonly passed: boolean;
  /** Why it failed, one line each; empty when it passed. */
  readonly reasons: readonly string[];
  readonly values: Readonly<Record<string, number | string | boolean>>;
  readonly thresholds: Readonly<Record<string, number | string | boolean>>;
}

export function gateReport(gate: GateReport['gate'], reasons: string[], values: GateReport['values'], thresholds: GateReport['thresholds']): GateReport {
  return { gate, passed: reasons.length === 0, reasons, values, thresholds };
}

export type Verdict = 'APPROVED' | 'REJECTED';

/** APPROVED only when every one of the four gates ran and passed. */
export function verdict(reports: readonly GateReport[]): { verdict: Verdict; reasons: string[] } {
  const missing = (['integrity', 'schema', 'performance', 'risk'] as const).filter((g) => !reports.some((r) => r.gate === g));
  const reasons = [...missing.map((g) => `${g}: gate did not run`), ...reports.flatMap((r) => r.reasons.map((x) => `${r.gate}: ${x}`))];
  return { verdict: reasons.length ? 'REJECTED' : 'APPROVED', reasons };
}
