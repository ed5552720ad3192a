import { parseFixed, type Fixed } from '../../../core/decimal/fixed.ts';
import { normalizeAsset } from '../../../core/instruments/symbols.ts';
import type { z } from 'zod';
import type { balanceExSchema } from './schemas.ts';

export type BalanceExResult = z.output<typeof balanceExSchema>;

/** One asset as the account can use it (ISO code, e.g. BTC). */
export interface AssetBalance {
  /** Owned and tradable: the spot balance plus its Kraken Rewards (`.F`) balance. */
  readonly total: Fixed;
  /** Available for trading: balance + credit - credit_used - hold_trade, over spot and `.F`. */
  readonly available: Fixed;
  /** Held by open orders (hold_trade). */
  readonly held: Fixed;
  /** Read-only variants (`.S` staked, `.M` opt-in rewards, `.B` yield-bearing, `.T` tokenized, others): shown, not spendable. */
  readonly readOnly: Readonly<Record<string, Fixed>>;
}

const SPENDABLE_SUFFIXES = new Set(['', 'F']);

/**
 * Reads BalanceEx into per-asset balances the runner can compare with its ledger.
 * docs.kraken.com/api-reference/account-data/get-extended-balance: "available balance = balance +
 * credit - credit_used - hold_trade"; "Symbol Extensions": `.F` balances earn automatically in
 * Kraken Rewards and are transacted through the base asset ("use the base asset, e.g. USDT to
 * transact with your USDT and USDT.F balances"), so they count; `.S`, `.M`, `.B`, `.T` are
 * read-only views and do not. Keys mix legacy ids and altnames (`XXBT`, `XBT.F`, `ZUSD`, `USDT.F`);
 * all are normalized to ISO codes (`BTC`, `USD`, `USDT`).
 */
export function balancesFromBalanceEx(raw: BalanceExResult): Record<string, AssetBalance> {
  const acc = new Map<string, { total: Fixed; available: Fixed; held: Fixed; readOnly: Record<string, Fixed> }>();
  const entry = (iso: string) => {
    let e = acc.get(iso);
    if (!e) acc.set(iso, (e = { total: 0n, available: 0n, held: 0n, readOnly: {} }));
    return e;
  };
  for (const [key, v] of Object.entries(raw)) {
    const dot = key.lastIndexOf('.');
    const base = dot > 0 ? key.slice(0, dot) : key;
    const suffix = dot > 0 ? key.slice(dot + 1).toUpperCase() : '';
    const e = entry(normalizeAsset(base));
    const balance = parseFixed(v.balance);
    if (!SPENDABLE_SUFFIXES.has(suffix)) {
      e.readOnly[suffix] = (e.readOnly[suffix] ?? 0n) + balance;
      continue;
    }
    const hold = parseFixed(v.hold_trade);
    const credit = v.credit !== undefined ? parseFixed(v.credit) : 0n;
    const creditUsed = v.credit_used !== undefined ? parseFixed(v.credit_used) : 0n;
    e.total += balance;
    e.held += hold;
    e.available += balance + credit - creditUsed - hold;
  }
  return Object.fromEntries(acc);
}

/** Plain Balance (no holds): the same rules for `.F` and the read-only variants; totals only. */
export function totalsFromBalance(raw: Readonly<Record<string, string>>): Record<string, Fixed> {
  const ex: BalanceExResult = {};
  for (const [k, v] of Object.entries(raw)) ex[k] = { balance: v, hold_trade: '0' };
  return Object.fromEntries(Object.entries(balancesFromBalanceEx(ex)).map(([k, b]) => [k, b.total]));
}
