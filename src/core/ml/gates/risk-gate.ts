import type { GateThresholds, SignalRule } from '../ml-config.ts';
import type { SignalMetrics } from '../scoring.ts';
import { gateReport, type GateReport } from './gate-report.ts';

/** Gate 4: position sizing within limits, no leverage (spot, cash only), drawdown of the signal's trading. */
export function riskGate(signal: SignalMetrics, rule: SignalRule, t: GateThresholds['risk']): GateReport {
  const reasons: string[] = [];
  if (rule.size > t.maxPosition) reasons.push(`position size ${rule.size} of equity exceeds ${t.maxPosition}`);
  if (signal.maxPosition > 1) reasons.push(`position ${signal.maxPosition} of equity needs leverage (spot: none allowed)`);
  if (signal.maxPosition > t.maxPosition) reasons.push(`largest position ${signal.maxPosition} > ${t.maxPosition}`);
  if (signal.maxDrawdown > t.maxDrawdown) reasons.push(`max drawdown ${(signal.maxDrawdown * 100).toFixed(1)}% > ${(t.maxDrawdown * 100).toFixed(1)}%`);
  if (signal.exposure > t.maxExposure) reasons.push(`time in the market ${signal.exposure.toFixed(3)} > ${t.maxExposure}`);
  return gateReport('risk', reasons, { size: rule.size, maxPosition: signal.maxPosition, maxDrawdown: signal.maxDrawdown, exposure: signal.exposure, leverage: signal.maxPosition > 1 }, { ...t, leverage: false });
}
