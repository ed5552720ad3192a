import { WebSocket } from 'ws';
import type { KrakenSimulator } from '../simulator.ts';
import { toJson } from '../util/raw-json.ts';

type Faults = KrakenSimulator['faults'];

/**
 * What the simulator's sockets send, with the injected faults applied on the way out:
 * responses, status and heartbeats see only `silence`; channel data also sees duplicates and
 * reordering (held frames go out in reverse, at once or after 250 ms).
 */
export class FaultyOutbound {
  private reorderBuffer: { socket: WebSocket; text: string }[] = [];
  private reorderTimer?: NodeJS.Timeout;

  constructor(private readonly faults: Faults) {}

  /** Responses, status and heartbeats: only `silence` applies. */
  control(socket: WebSocket, msg: unknown): void {
    if (this.faults.isSilenced()) return;
    write(socket, toJson(msg));
  }

  /** Channel data: silence, duplicate and reorder faults apply. */
  data(socket: WebSocket, msg: unknown): void {
    const f = this.faults;
    if (f.isSilenced()) return;
    const text = toJson(msg);
    if (f.reorderPending > 0) {
      f.reorderPending--;
      this.reorderBuffer.push({ socket, text });
      if (f.reorderPending === 0) this.flushReorder();
      else if (!this.reorderTimer) this.reorderTimer = setTimeout(() => this.flushReorder(), 250);
      return;
    }
    write(socket, text);
    if (f.duplicatePending > 0) {
      f.duplicatePending--;
      write(socket, text);
    }
  }

  close(): void {
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
  }

  private flushReorder(): void {
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.faults.reorderPending = 0;
    const held = this.reorderBuffer.reverse();
    this.reorderBuffer = [];
    for (const { socket, text } of held) write(socket, text);
  }
}

function write(socket: WebSocket, text: string): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(text);
}

/** `faults.novelValuesNext`: values and fields Kraken may add without notice, on the next execution reports (or public trades). */
export function withNovelValues(faults: Faults, report: Record<string, unknown>, channel: 'executions' | 'trade' = 'executions'): Record<string, unknown> {
  const queued = faults.novelValues.find((q) => (q.values.channel ?? 'executions') === channel && (!q.values.on || q.values.on.includes(String(report.exec_type))));
  if (queued) {
    if (--queued.left <= 0) faults.novelValues.splice(faults.novelValues.indexOf(queued), 1);
    return { ...report, ...queued.values.set };
  }
  if (channel !== 'executions' || faults.novelValuesPending <= 0) return report;
  faults.novelValuesPending--;
  const out: Record<string, unknown> = { ...report, ext_note: { added: 'by a newer protocol version' } };
  if (out.exec_type === 'trade') out.liquidity_ind = 'x';
  else out.order_status = 'triggered';
  return out;
}
