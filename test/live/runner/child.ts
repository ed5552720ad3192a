import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  statusUrl(): Promise<string>;
  stderr(): string;
  alive(): boolean;
}

/** Starts `npm run live` (as node --import tsx src/live/cli.ts) against the simulator. */
/** `restUrl` replaces the simulator's REST URL (a fault proxy in front of it). */
export function spawnLive(sim: KrakenSimulator, args: string[], env: Record<string, string> = {}, restUrl = sim.restUrl): Child {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/live/cli.ts', '--endpoint', restUrl, '--ws-public', sim.wsPublicUrl, '--ws-private', sim.wsPrivateUrl, '--quiet', '--log-level', 'warn', ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  let alive = true;
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    }),
  );
  return {
    proc,
    exited,
    alive: () => alive,
    stderr: () => err,
    statusUrl: async () => {
      const start = Date.now();
      for (;;) {
        const line = out.split('\n').find((l) => l.includes('"event":"started"'));
        if (line) return (JSON.parse(line) as { status: string }).status;
        if (!alive) throw new Error(`live runner exited before starting: ${err}`);
        if (Date.now() - start > 20_000) throw new Error(`live runner did not start: ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

export async function fetchStatus(url: string): Promise<any> {
  const r = await fetch(url + 'status.json');
  return r.json();
}
