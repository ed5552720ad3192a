/**
 * What one durable journal write costs on this disk, outside the runner: appending to a growing
 * file vs. overwriting inside a file whose blocks were already written (zeros ahead), each made
 * durable by fdatasync or by opening with O_DSYNC, at a few write sizes. On ext4 an fdatasync
 * after an append that grows the file must also commit the inode's size (a journal commit);
 * inside already-written extents only the data block goes out. Run: `npx tsx bench/journal-disk.ts`
 * (JOURNAL_DISK_N writes per case, default 2000). Files go under the OS temp dir and are removed.
 */
import { closeSync, constants, fdatasyncSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = Number(process.env.JOURNAL_DISK_N ?? 2000);

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(3);
  return `p50 ${at(0.5)}  p90 ${at(0.9)}  p99 ${at(0.99)}  max ${at(1)} ms`;
}

type Case = { name: string; flags: number; prealloc: boolean; sync: boolean };

function run(dir: string, c: Case, size: number): string {
  const path = join(dir, `${c.name}-${size}`);
  const buf = Buffer.alloc(size, 0x61);
  buf[size - 1] = 0x0a;
  if (c.prealloc) {
    // Zeros written ahead and made durable: the later overwrites change no metadata.
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < Math.ceil((N * size) / chunk.length) + 1; i++) writeSync(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
  }
  const fd = openSync(path, (c.prealloc ? constants.O_RDWR : constants.O_RDWR | constants.O_CREAT | constants.O_APPEND) | c.flags, 0o644);
  const lat: number[] = [];
  let pos = 0;
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    if (c.prealloc) writeSync(fd, buf, 0, size, pos);
    else writeSync(fd, buf);
    if (c.sync) fdatasyncSync(fd);
    lat.push(performance.now() - t);
    pos += size;
  }
  closeSync(fd);
  rmSync(path);
  return `${c.name.padEnd(34)} ${String(size).padStart(5)} B  ${stats(lat)}`;
}

const dir = mkdtempSync(join(tmpdir(), 'journal-disk-'));
const cases: Case[] = [
  { name: 'append + fdatasync', flags: 0, prealloc: false, sync: true },
  { name: 'prealloc pwrite + fdatasync', flags: 0, prealloc: true, sync: true },
  { name: 'append O_DSYNC', flags: constants.O_DSYNC, prealloc: false, sync: false },
  { name: 'prealloc pwrite O_DSYNC', flags: constants.O_DSYNC, prealloc: true, sync: false },
  { name: 'append, no sync (reference)', flags: 0, prealloc: false, sync: false },
];
try {
  for (const size of [128, 512, 4096]) for (const c of cases) console.log(run(dir, c, size));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
