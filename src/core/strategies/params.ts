/** Parses strategy parameters given as strings (CLI `--param k=v`), with errors that name the parameter. */
export class StrategyParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategyParamError';
  }
}

export function rejectUnknownParams(strategy: string, params: Readonly<Record<string, string>>, known: readonly string[]): void {
  for (const k of Object.keys(params)) {
    if (!known.includes(k)) {
      throw new StrategyParamError(`${strategy}: unknown parameter "${k}"; it takes ${known.length ? known.join(', ') : 'no parameters'}`);
    }
  }
}

export function intParam(strategy: string, params: Readonly<Record<string, string>>, name: string, fallback: number, min: number, max: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  if (!/^\s*\d+\s*$/.test(raw)) throw new StrategyParamError(`${strategy}: ${name} must be a whole number, got "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max) throw new StrategyParamError(`${strategy}: ${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}
