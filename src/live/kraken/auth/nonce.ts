/**
 * Nonce source for Kraken private REST calls.
 *
 * Format (fixed forever, recorded in the state file): **microseconds since the Unix epoch**,
 * as a decimal integer string (16 digits today). Microseconds give room for bursts without
 * approaching the u64 limit; a key that was ever used with nanosecond nonces cannot switch to
 * this source (its old nonces are larger) — use a fresh key.
 *
 * Guarantees: every `next()` result is strictly greater than every earlier one for the same
 * state file, across concurrent callers (next() is synchronous, so the event loop serialises
 * it) and across restarts (the last nonce is persisted before it is handed out, with an atomic
 * temp-file + rename, and a restarted source starts above it even if the clock went back).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const NONCE_FORMAT = 'epoch-microseconds';

/** Returns the current time in microseconds since the Unix epoch. */
export type MicrosClock = () => bigint;

/**
 * Wall-clock anchored high-resolution clock: epoch time at creation plus the monotonic hrtime
 * delta since then. hrtime alone restarts small in each process, so it must be anchored.
 */
export function epochMicrosClock(): MicrosClock {
  const anchorMicros = BigInt(Date.now()) * 1000n;
  const anchorHr = process.hrtime.bigint();
  return () => anchorMicros + (process.hrtime.bigint() - anchorHr) / 1000n;
}

export interface NonceSourceOptions {
  /** File where the last issued nonce is persisted; omit for an in-memory source (tests only). */
  readonly stateFile?: string;
  readonly clock?: MicrosClock;
}

interface NonceState {
  readonly format: string;
  readonly last: string;
}

export class NonceSource {
  readonly stateFile: string | undefined;
  readonly #clock: MicrosClock;
  #last: bigint;

  constructor(options: NonceSourceOptions = {}) {
    this.stateFile = options.stateFile === undefined ? undefined : resolve(options.stateFile);
    this.#clock = options.clock ?? epochMicrosClock();
    this.#last = this.stateFile === undefined ? 0n : loadLastNonce(this.stateFile);
  }

  /** The next nonce: max(clock, last + 1), persisted before it is returned. */
  next(): string {
    const now = this.#clock();
    const candidate = now > this.#last ? now : this.#last + 1n;
    if (this.stateFile !== undefined) persist(this.stateFile, candidate);
    this.#last = candidate;
    return candidate.toString();
  }

  /** The last nonce handed out (or loaded from the state file); 0n if none. */
  get last(): bigint {
    return this.#last;
  }
}

function loadLastNonce(path: string): bigint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0n;
    throw new Error(`cannot read nonce state file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let state: Partial<NonceState>;
  try {
    state = JSON.parse(text) as Partial<NonceState>;
  } catch {
    throw new Error(`nonce state file ${path} is not valid JSON; fix or delete it only if no request used a larger nonce`);
  }
  if (state.format !== NONCE_FORMAT) {
    throw new Error(`nonce state file ${path} has format ${JSON.stringify(state.format)}, expected "${NONCE_FORMAT}"`);
  }
  if (typeof state.last !== 'string' || !/^\d{1,20}$/.test(state.last)) {
    throw new Error(`nonce state file ${path}: field "last" must be a decimal integer string, got ${JSON.stringify(state.last)}`);
  }
  return BigInt(state.last);
}

function persist(path: string, nonce: bigint): void {
  const state: NonceState = { format: NONCE_FORMAT, last: nonce.toString() };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

/** State file path for a key inside `dir`: named by a hash of the public API key, never the key itself. */
export function nonceStatePath(dir: string, apiKey: string): string {
  const id = createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 16);
  return join(dir, `kraken-nonce-${id}.json`);
}

const shared = new Map<string, NonceSource>();

/**
 * One NonceSource per (key, state dir) in this process: every client sharing a key must share
 * its generator, or concurrent requests race each other into `EAPI:Invalid nonce`.
 */
export function sharedNonceSource(apiKey: string, stateDir: string, clock?: MicrosClock): NonceSource {
  const path = resolve(nonceStatePath(stateDir, apiKey));
  let source = shared.get(path);
  if (source === undefined) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    source = new NonceSource({ stateFile: path, clock });
    shared.set(path, source);
  }
  return source;
}
