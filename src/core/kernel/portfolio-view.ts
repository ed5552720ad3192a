import { mulExact, ZERO, type Fixed } from '../decimal/fixed.ts';
import type { PortfolioView } from '../risk/pre-trade-check.ts';
import type { KernelCore } from './kernel-core.ts';

/** What extra pre-trade rules (portfolio limits) see of the account when an order is checked. */
export function portfolioView(k: KernelCore, orderNotional: Fixed): PortfolioView {
  const pending = (pair: string) => {
    let sum = ZERO;
    for (const id of k.openIds) {
      const o = k.orders.get(id)!;
      if (o.pair === pair && o.side === 'buy') sum += k.holds.of(id);
    }
    return sum;
  };
  return {
    now: k.clock,
    instruments: k.instruments,
    equity: k.ledger.equity(k.safeMark),
    positionValue: (pair) => {
      const inst = k.instruments[k.indexOf(pair)];
      return mulExact(k.ledger.balance(inst.base), k.safeMark(inst.base));
    },
    pendingBuys: pending,
    orderNotional,
  };
}
