import { DEFAULT_DOWNTIME } from '../../calendar/downtime-window.ts';
import { parseTimeframe } from '../../market/timeframe.ts';
import type { StrategyFactory } from '../../strategy/strategy.ts';
import { toCanonical, UniverseError } from '../../universe/universe.ts';
import { intParam, rejectUnknownParams, StrategyParamError } from '../params.ts';
import { DEFAULT_PARAMS, RegimePortfolio, type RegimePortfolioParams } from './regime-portfolio.ts';
import { parseMlRegimes, type MlMemberParams } from './ml-member.ts';
import { parseDailyWindow } from './schedule.ts';
import { STRATEGY_NAMES, type StrategyName } from './signals.ts';

const NAME = 'regime-portfolio';

function numberParam(params: Readonly<Record<string, string>>, name: string, fallback: number, min: number, max: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const text = raw.trim();
  const v = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || !Number.isFinite(v)) throw new StrategyParamError(`${NAME}: ${name} must be a number, got "${raw}"`);
  if (v < min || v > max) throw new StrategyParamError(`${NAME}: ${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}

const PARAMS = {
  reference: { default: 'BTC/USD', description: 'regime reference: one pair, or a basket as "BTC/USD+ETH/USD" (equal-weight index); must be traded in the run' },
  pairCap: { default: '0.2', description: "largest exposure of one pair, fraction of equity (also the pair's slot: a member at full weight targets it)" },
  top3Cap: { default: '0.5', description: 'largest exposure of the three largest pairs together, fraction of equity' },
  maxCorrelation: { default: '0.7', description: 'no buy of a pair whose rolling return correlation with a held pair is above this' },
  correlationWindow: { default: '30', description: 'candles of aligned returns for the correlation limit' },
  maxDrawdown: { default: '0.2', description: 'drawdown from peak equity that halts new buys and exits positions' },
  haltCooldown: { default: '30', description: 'days the drawdown halt lasts before trading resumes at reduced size ("never" = permanent)' },
  resumeSize: { default: '0.5', description: 'size multiplier after a halt lifts, until equity gained resumeGain' },
  resumeGain: { default: '0.05', description: 'gain over the equity at resume that restores full size' },
  memberMaxExposure: { default: '0.5', description: "budget of every member: its positions plus open buys, fraction of equity" },
  memberMaxDailyLoss: { default: '0.05', description: 'budget of every member: loss since 00:00 UTC, fraction of equity, that stops its buys for the day' },
  memberMaxOrdersPerHour: { default: '20', description: 'budget of every member: orders in any rolling hour' },
  downtime: { default: DEFAULT_DOWNTIME, description: 'daily UTC window without new orders ("none" for 24/7)' },
  regimeStep: { default: '1d', description: 'how often the regime is read: a UTC-aligned step (1d, 4h, ...) or "candle" for every reference close' },
  minDwell: { default: '10', description: 'regime steps a confirmed regime holds at least before switching (panic excepted)' },
  confirm: { default: '3', description: 'consecutive readings before the regime switches (hysteresis; panic switches after 1)' },
  recoveryWindow: { default: '60', description: 'reference candles after a panic during which recovery may re-enter' },
  rebalanceBand: { default: 'auto', description: "smallest rebalance of a member's book, fraction of equity; must be wider than one allocation step (auto = 1.5 x pairCap x weight step)" },
  tradeFrom: { default: 'start', description: 'first time orders may be placed (ISO date/time UTC, or epoch ms); the data before it warms the indicators up' },
  only: { default: 'none', description: `run one member alone at full weight in every regime (a control): ${STRATEGY_NAMES.join(', ')}` },
  minWeight: { default: '0.3', description: "primary strategy's capital share at confidence 0" },
  maxWeight: { default: '0.7', description: "primary strategy's capital share at confidence 1" },
  ml: { default: 'none', description: 'an ml-signal member: a loaded APPROVED model, its id or "approved:PAIR" (docs/ml.md); it trades that pair with its own book, budget and strategyId "ml-signal"' },
  mlWeight: { default: '0.5', description: "the ml member's share of its pair's slot in its regimes, (0, 1); the selector's members share the rest" },
  mlRegimes: { default: 'risk-on,neutral', description: 'regimes in which the ml member holds capital (comma-separated)' },
  mlThreshold: { default: '(model)', description: "the ml member's probability threshold (default: the artifact's signal rule)" },
} as const;

/** Parses CLI-style string parameters into RegimePortfolioParams (errors name the parameter). */
export function parseRegimePortfolioParams(params: Readonly<Record<string, string>>): RegimePortfolioParams {
  rejectUnknownParams(NAME, params, Object.keys(PARAMS));
  let reference: string[] = [];
  if (params.reference !== undefined) {
    try {
      reference = params.reference.split(/[+,]/).map((s) => toCanonical(s));
    } catch (e) {
      if (e instanceof UniverseError) throw new StrategyParamError(`${NAME}: reference: ${e.message}`);
      throw e;
    }
  }
  let downtime = DEFAULT_PARAMS.downtime;
  if (params.downtime !== undefined) {
    try {
      downtime = parseDailyWindow(params.downtime);
    } catch (e) {
      throw new StrategyParamError(`${NAME}: ${(e as Error).message}`);
    }
  }
  const minWeight = numberParam(params, 'minWeight', DEFAULT_PARAMS.allocation.minWeight, 0, 1);
  const maxWeight = numberParam(params, 'maxWeight', DEFAULT_PARAMS.allocation.maxWeight, 0, 1);
  if (minWeight > maxWeight) throw new StrategyParamError(`${NAME}: minWeight ${minWeight} must not exceed maxWeight ${maxWeight}`);
  const confirm = intParam(NAME, params, 'confirm', DEFAULT_PARAMS.detector.confirm, 1, 1000);
  const ml = mlMember(params);
  return {
    ...(ml ? { ml } : {}),
    ...DEFAULT_PARAMS,
    reference,
    downtime,
    detector: { ...DEFAULT_PARAMS.detector, confirm, minDwell: intParam(NAME, params, 'minDwell', DEFAULT_PARAMS.detector.minDwell, 0, 100_000) },
    regimeStepMs: regimeStep(params.regimeStep),
    allocation: { ...DEFAULT_PARAMS.allocation, minWeight, maxWeight },
    pairCap: numberParam(params, 'pairCap', DEFAULT_PARAMS.pairCap, 0.0001, 1),
    top3Cap: numberParam(params, 'top3Cap', DEFAULT_PARAMS.top3Cap, 0.0001, 1),
    maxCorrelation: numberParam(params, 'maxCorrelation', DEFAULT_PARAMS.maxCorrelation, -0.99, 1),
    correlationWindow: intParam(NAME, params, 'correlationWindow', DEFAULT_PARAMS.correlationWindow, 3, 100_000),
    maxDrawdown: numberParam(params, 'maxDrawdown', DEFAULT_PARAMS.maxDrawdown, 0.0001, 1),
    recoveryWindow: intParam(NAME, params, 'recoveryWindow', DEFAULT_PARAMS.recoveryWindow, 0, 100_000),
    rebalanceBand: params.rebalanceBand === undefined || params.rebalanceBand.trim() === 'auto' ? undefined : numberParam(params, 'rebalanceBand', 0, 0.0001, 1),
    tradeFrom: tradeFrom(params.tradeFrom),
    only: onlyMember(params.only),
    halt: {
      cooldownMs: haltCooldown(params.haltCooldown),
      resumeSize: numberParam(params, 'resumeSize', DEFAULT_PARAMS.halt.resumeSize, 0.0001, 1),
      resumeGain: numberParam(params, 'resumeGain', DEFAULT_PARAMS.halt.resumeGain, 0, 10),
    },
    budgets: {
      ...DEFAULT_PARAMS.budgets,
      default: {
        maxExposure: numberParam(params, 'memberMaxExposure', DEFAULT_PARAMS.budgets.default.maxExposure ?? 1, 0.0001, 1),
        maxDailyLoss: numberParam(params, 'memberMaxDailyLoss', DEFAULT_PARAMS.budgets.default.maxDailyLoss ?? 1, 0.0001, 1),
        maxOrdersPerHour: intParam(NAME, params, 'memberMaxOrdersPerHour', DEFAULT_PARAMS.budgets.default.maxOrdersPerHour ?? 100_000, 1, 100_000),
      },
    },
  };
}

function mlMember(params: Readonly<Record<string, string>>): MlMemberParams | undefined {
  const model = params.ml?.trim();
  if (model === undefined || model === '' || model === 'none') {
    const stray = ['mlWeight', 'mlRegimes', 'mlThreshold'].filter((k) => params[k] !== undefined);
    if (stray.length) throw new StrategyParamError(`${NAME}: ${stray.join(', ')} need an ml member: add --param ml=<model id or approved:PAIR>`);
    return undefined;
  }
  let regimes;
  try {
    regimes = parseMlRegimes(params.mlRegimes ?? PARAMS.mlRegimes.default);
  } catch (e) {
    throw new StrategyParamError(`${NAME}: ${(e as Error).message}`);
  }
  return {
    model,
    weight: numberParam(params, 'mlWeight', 0.5, 0.0001, 0.9999),
    regimes,
    threshold: params.mlThreshold === undefined ? undefined : numberParam(params, 'mlThreshold', 0.5, 0, 1),
  };
}

function tradeFrom(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === 'start') return -Infinity;
  const text = raw.trim();
  const t = /^\d+$/.test(text) ? Number(text) : Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) || text.length <= 10 ? text : `${text}Z`);
  if (!Number.isFinite(t)) throw new StrategyParamError(`${NAME}: tradeFrom must be an ISO date/time (UTC) or epoch ms, got "${raw}"`);
  return t;
}

function onlyMember(raw: string | undefined): StrategyName | undefined {
  if (raw === undefined || raw.trim() === 'none') return undefined;
  const name = raw.trim();
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) throw new StrategyParamError(`${NAME}: only must be one of ${STRATEGY_NAMES.join(', ')}, got "${raw}"`);
  return name as StrategyName;
}

function regimeStep(raw: string | undefined): number | null {
  if (raw === undefined) return DEFAULT_PARAMS.regimeStepMs;
  if (raw.trim().toLowerCase() === 'candle') return null;
  try {
    return parseTimeframe(raw.trim()) * 60_000;
  } catch (e) {
    throw new StrategyParamError(`${NAME}: regimeStep: ${(e as Error).message}`);
  }
}

function haltCooldown(raw: string | undefined): number | null {
  if (raw === undefined) return DEFAULT_PARAMS.halt.cooldownMs;
  const text = raw.trim().toLowerCase();
  if (text === 'never') return null;
  const days = Number(text);
  if (text === '' || !Number.isFinite(days) || days < 0 || days > 10_000) throw new StrategyParamError(`${NAME}: haltCooldown must be a number of days (0-10000) or "never", got "${raw}"`);
  return days * 86_400_000;
}

export const regimePortfolioFactory: StrategyFactory = {
  name: NAME,
  description: 'Regime-switching portfolio of six strategies (trend, volatility swing, mean reversion, defensive, stable, recovery) under portfolio risk limits; docs/regime-portfolio.md.',
  params: PARAMS,
  create(params) {
    try {
      return new RegimePortfolio(parseRegimePortfolioParams(params));
    } catch (e) {
      if (e instanceof RangeError) throw new StrategyParamError(`${NAME}: ${e.message}`);
      // ml-signal's own refusals (model not loaded, bad threshold) name the member's parameter here.
      if (e instanceof Error && !(e instanceof StrategyParamError) && /^ml-signal: /.test(e.message)) throw new StrategyParamError(`${NAME}: ml: ${e.message.replace(/^ml-signal: /, '')}`);
      throw e;
    }
  },
};
