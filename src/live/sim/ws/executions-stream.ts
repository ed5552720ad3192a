import type { Account } from '../account/account.ts';
import type { EngineEvent, ExecType } from '../engine/types.ts';
import { execReport, wsOrderStatus } from '../engine/ws-views.ts';
import type { KrakenSimulator } from '../simulator.ts';
import { withNovelValues } from './outbound.ts';

/** One executions subscription: its account, sequence counter and `order_status` flag. */
export interface ExecutionsSub {
  readonly channel: 'executions';
  readonly account: Account;
  seq: number;
  readonly statusUpdates: boolean;
}

export interface ExecutionsTarget {
  readonly sub: ExecutionsSub;
  send(msg: unknown): void;
}

/**
 * Reports that `order_status: false` leaves out: "only open / close transitions will be streamed:
 * new, filled, canceled, expired" (docs.kraken.com/api/docs/websocket-v2/executions, subscribe
 * `order_status`); trades are executions, not status transitions, and still arrive.
 */
const STATUS_TRANSITIONS: ReadonlySet<ExecType> = new Set(['pending_new', 'amended', 'restated', 'status', 'iceberg_refill']);

/**
 * The executions channel's update stream: renders each engine execution once, and routes it to
 * every subscription of the account with the faults that concern executions applied
 * (novel values, dropped frames, a lost completion report, several reports in one frame).
 */
export class ExecutionsStream {
  private readonly batches = new Map<ExecutionsSub, { target: ExecutionsTarget; data: unknown[] }>();

  constructor(private readonly sim: KrakenSimulator) {}

  publish(ev: Extract<EngineEvent, { kind: 'exec' }>, targets: Iterable<ExecutionsTarget>): void {
    const o = ev.order;
    const f = this.sim.faults;
    // Strict: the completing fill still says partially_filled; the separate `filled` report completes
    // the order (docs.kraken.com/api/docs/websocket-v2/executions, trade example; README 13.5).
    const completes = o.filled >= o.qty;
    const status = ev.execType === 'trade' ? (completes && !this.sim.strict ? 'filled' : 'partially_filled') : wsOrderStatus(o);
    const batching = f.batchExecutionsPending > 0;
    if (batching) f.batchExecutionsPending--;
    let report: Record<string, unknown> | undefined;
    for (const t of targets) {
      const sub = t.sub;
      if (sub.account.key !== ev.accountKey) continue;
      if (!sub.statusUpdates && STATUS_TRANSITIONS.has(ev.execType)) continue;
      report ??= withNovelValues(f, execReport(ev, status));
      if (batching) {
        const b = this.batches.get(sub) ?? { target: t, data: [] };
        b.data.push(report);
        this.batches.set(sub, b);
        continue;
      }
      const seq = ++sub.seq;
      if (f.dropExecutionsPending > 0) {
        f.dropExecutionsPending--;
        continue;
      }
      if (ev.execType === 'filled' && f.dropCompletionsPending > 0) {
        f.dropCompletionsPending--;
        continue;
      }
      t.send({ channel: 'executions', type: 'update', data: [report], sequence: seq });
    }
    if (batching && f.batchExecutionsPending === 0) this.flush();
  }

  private flush(): void {
    for (const { target, data } of this.batches.values()) target.send({ channel: 'executions', type: 'update', data, sequence: ++target.sub.seq });
    this.batches.clear();
  }
}
