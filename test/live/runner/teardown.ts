import { afterEach } from 'vitest';
import type { Child } from './child.ts';

/**
 * Everything a live test starts (simulator, runner, child process, status server, temp dir),
 * stopped after each test in reverse order of registration: the runner before the simulator it
 * talks to. Returns `defer(dispose)`; a test registers each thing as soon as it exists.
 */
export function useTeardown(): (dispose: () => unknown) => void {
  let stack: (() => unknown)[] = [];
  afterEach(async () => {
    const pending = stack.reverse();
    stack = [];
    for (const dispose of pending) await dispose();
  });
  return (dispose) => void stack.push(dispose);
}

/** Kills a spawned runner that is still alive, and waits until it has exited. */
export async function killChild(child: Child): Promise<void> {
  if (!child.alive()) return;
  child.proc.kill('SIGKILL');
  await child.exited;
}
