import { Writable } from 'node:stream';

/**
 * A log destination that keeps the last `size` JSON lines for the Operations page and passes
 * every line on to `next` (stderr by default), so the dashboard shows what the terminal shows.
 */
export class LogRing extends Writable {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly size = 200,
    private readonly next: NodeJS.WritableStream | null = process.stderr,
  ) {
    super();
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    const text = this.partial + String(chunk);
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const l of parts) if (l) this.lines.push(l);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
    if (this.next) this.next.write(chunk);
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
