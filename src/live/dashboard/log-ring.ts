import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * A log destination that keeps the last `size` JSON lines for the Operations page and passes
 * every line on to file descriptor `fd` (stderr by default) synchronously, like the logger's own
 * destination, so a line written before a crash is not lost in a buffer.
 */
export class LogRing extends Writable {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly size = 200,
    private readonly fd: number | null = 2,
  ) {
    super();
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    const text = this.partial + String(chunk);
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const l of parts) if (l) this.lines.push(l);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
    if (this.fd !== null) writeSync(this.fd, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    cb();
  }

  /** The newest `n` lines, newest first, parsed (a line that is not JSON is kept as its text). */
  recent(n: number): Record<string, unknown>[] {
    return this.lines.slice(-n).reverse().map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return { msg: l };
      }
    });
  }
}
