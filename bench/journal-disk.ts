/**
 * What one durable journal write costs on this disk, outside the runner: appending to a growing
 * file vs. overwriting inside a file whose blocks were already written (zeros ahead), each made
 * durable by fdatasync or by opening with O_DSYNC, at a few write sizes. On ext4 an fdatasync
 * after an append that grows the file must also commit the inode's size (a journal commit);
 * inside already-written extents only the data block goes out. Then, spaced as the live bench
 * spaces its entries (5 ms apart), the two kinds of file interleaved write by write so both see
 * the same moment of the disk; and a sync started while another is in flight, on its own vs
 * after waiting for that one (what group commit with one sync in flight did). Run:
 * `npx tsx bench/journal-disk.ts` (JOURNAL_DISK_N writes per case, default 2000; the spaced
 * cases use a fifth of it). Files go under the OS temp dir and are removed.
 */
import { closeSync, constants, fdatasync, fdatasyncSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const syncAsync = (fd: number) => new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));

/** 200-byte entries 5 ms apart, alternating between a preallocated file and a growing one. */
async function spaced(dir: string, n: number): Promise<string[]> {
  const pre = openSync(join(dir, 'spaced-pre'), 'w+');
  writeSync(pre, Buffer.alloc(1 << 21), 0, 1 << 21, 0);
  fdatasyncSync(pre);
  const app = openSync(join(dir, 'spaced-app'), 'w+');
  const buf = Buffer.alloc(200, 0x61);
  const lat: [number[], number[]] = [[], []];
  const pos = [0, 0];
  for (let i = 0; i < 2 * n; i++) {
    const k = i % 2;
    const fd = k === 0 ? pre : app;
    const t = performance.now();
    writeSync(fd, buf, 0, buf.length, pos[k]);
    pos[k] += buf.length;
    await syncAsync(fd);
    lat[k].push(performance.now() - t);
    await sleep(5);
  }
  closeSync(pre);
  closeSync(app);
  return [`spaced 5 ms, prealloc + fdatasync    200 B  ${stats(lat[0])}`, `spaced 5 ms, append + fdatasync      200 B  ${stats(lat[1])}`];
}

/** A sync alone; one started 0.3 ms after another is in flight; one that first waits for it. */
async function pipelined(dir: string, n: number): Promise<string[]> {
  const fd = openSync(join(dir, 'pipelined'), 'w+');
  const buf = Buffer.alloc(200, 0x61);
  const alone: number[] = [];
  const concurrent: number[] = [];
  const serial: number[] = [];
  for (let i = 0; i < n; i++) {
    writeSync(fd, buf);
    let t = performance.now();
    await syncAsync(fd);
    alone.push(performance.now() - t);
    await sleep(4);
    for (const into of [concurrent, serial]) {
      writeSync(fd, buf);
      const first = syncAsync(fd);
      await sleep(0.3);
      writeSync(fd, buf);
      t = performance.now();
      if (into === serial) await first;
      await syncAsync(fd);
      into.push(performance.now() - t);
      await first;
      await sleep(4);
    }
  }
  closeSync(fd);
  return [`one sync, nothing in flight             ${stats(alone)}`, `own sync beside one in flight           ${stats(concurrent)}`, `wait for the one in flight, then own    ${stats(serial)}`];
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
  for (const line of await spaced(dir, Math.ceil(N / 5))) console.log(line);
  for (const line of await pipelined(dir, Math.ceil(N / 5))) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
