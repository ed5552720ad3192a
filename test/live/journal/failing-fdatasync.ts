import { fdatasync } from 'node:fs';

/**
 * A background fdatasync for group-commit fault tests: the real one until `fail` is set, then
 * an EIO error for every call (as a dying disk reports it), answered asynchronously like libuv.
 */
export function failingFdatasync(): { fdatasync: typeof fdatasync; fail: () => void } {
  let failing = false;
  const flaky = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) =>
    failing ? setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))) : fdatasync(fd, cb)) as typeof fdatasync;
  return { fdatasync: flaky, fail: () => (failing = true) };
}
