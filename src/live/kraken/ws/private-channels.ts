import type { SequenceGapEvent } from './events.ts';
import type { ExecutionReport } from './messages/private-data.ts';

const DUPLICATE_MEMORY = 50_000;

type PrivateChannel = 'executions' | 'balances';

/**
 * Per-connection state of the private channels: the `sequence` of each subscription (README 10.1:
 * private channels number their frames) and the identities of execution reports already emitted,
 * so a duplicated or replayed frame is flagged rather than booked twice.
 */
export class PrivateChannelState {
  private readonly sequence = new Map<PrivateChannel, number>();
  private readonly seenExecutions = new Set<string>();

  /** A new connection starts new subscriptions (their sequences restart); seen executions are kept. */
  reset(): void {
    this.sequence.clear();
  }

  /** Tracks sequence numbers; returns true for a frame at or below the last one seen. */
  checkSequence(channel: PrivateChannel, type: 'snapshot' | 'update', sequence: number, onGap: (gap: SequenceGapEvent) => void): boolean {
    const last = this.sequence.get(channel);
    if (type === 'snapshot' || last === undefined) {
      this.sequence.set(channel, sequence);
      return false;
    }
    if (sequence <= last) return true;
    if (sequence !== last + 1) onGap({ channel, expected: last + 1, received: sequence });
    this.sequence.set(channel, sequence);
    return false;
  }

  seen(report: ExecutionReport): { dedupeKey: string; duplicate: boolean } {
    const dedupeKey = executionKey(report);
    const duplicate = this.seenExecutions.has(dedupeKey);
    if (!duplicate) {
      if (this.seenExecutions.size >= DUPLICATE_MEMORY) {
        const oldest = this.seenExecutions.values().next().value;
        if (oldest !== undefined) this.seenExecutions.delete(oldest);
      }
      this.seenExecutions.add(dedupeKey);
    }
    return { dedupeKey, duplicate };
  }
}

export function executionKey(report: ExecutionReport): string {
  if (report.exec_type === 'trade' && report.exec_id) return `trade:${report.exec_id}`;
  return `${report.order_id}:${report.exec_type}:${report.timestamp}`;
}
