import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** Streams the lines of a .csv or gzip-compressed .csv.gz file (told apart by the gzip magic bytes). */

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Yields each line without its line ending (\n or \r\n), streaming: the file is never held whole.
 * `onBytes` hears how many bytes of the file (compressed, for .gz) have been read so far.
 */
export async function* readLines(path: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<string> {
  const gzip = await isGzip(path); // before the stream exists: an open error then rejects here, never as an unhandled 'error' event
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const text = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => text.destroy(err));
  const rl = createInterface({ input: text, crlfDelay: Infinity });
  try {
    let reported = 0;
    for await (const line of rl) {
      // Polled, not a 'data' listener: a listener would put the stream in flowing mode and steal its data.
      if (onBytes && raw.bytesRead !== reported) onBytes((reported = raw.bytesRead));
      yield line;
    }
  } finally {
    rl.close();
    raw.destroy();
  }
}

/** First line of the file, or undefined when it is empty. */
export async function firstLine(path: string): Promise<string | undefined> {
  for await (const line of readLines(path)) return line;
  return undefined;
}

/** SHA-256 of the file's bytes as stored (the compressed bytes for .gz), hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
