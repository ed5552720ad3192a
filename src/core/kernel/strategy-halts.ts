import type { KernelCore } from './kernel-core.ts';
import { cancelOrder } from './order-path.ts';

/**
 * The kill switch for one strategy id: halting it cancels its open orders (the venue confirms
 * each cancel as usual) and the order path rejects its new ones (`strategy-halted`), while orders
 * of other strategy ids go on. Resuming lets it place orders again. The strategy's callbacks still
 * run (a multi-member strategy is one object; its members share them): only its orders stop.
 * Event time and the event log, like every kernel input, so a replay halts at the same event.
 */
export function setStrategyHalt(k: KernelCore, strategyId: string, halted: boolean, reason: string): void {
  if (halted) k.strategyHalts.set(strategyId, reason);
  else k.strategyHalts.delete(strategyId);
  k.append(`${k.clock}|${++k.seq}|strategy-${halted ? 'halt' : 'resume'}|${strategyId}|${reason}`);
  k.opts.onLog?.(k.clock, `strategy ${strategyId} ${halted ? 'halted' : 'resumed'}`, { strategyId, reason });
  if (!halted) return;
  for (const id of [...k.openIds]) if (k.orders.get(id)!.strategyId === strategyId) cancelOrder(k, id);
}
