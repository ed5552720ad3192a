import { createHash, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fchmodSync, openSync, writeSync } from 'node:fs';

/**
 * The Host names a status server answers to. A page on another site can make the browser resolve
 * its own name to 127.0.0.1 (DNS rebinding) and then read what this server returns; the browser
 * still sends that site's name as Host, so only the loopback names (and the bound address) pass.
 */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}

export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  return host !== undefined && allowed.has(host.toLowerCase());
}

/** A cross-site form or script must not drive the control endpoint: an Origin, when sent, must be one of ours. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true; // curl, scripts: no browser, no ambient credentials to abuse
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && allowed.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}

/** Constant-time token check: both sides are hashed first, so neither length nor prefix leaks. */
export function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/**
 * Writes the control token readable by the owner only: the mode is forced to 0600 on the open
 * file before the token is written, so an existing file with a wider mode (a 644 left behind) is
 * narrowed first, and a symlink planted in its place is refused (O_NOFOLLOW).
 */
export function writeTokenFile(path: string, token: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, token + '\n');
  } finally {
    closeSync(fd);
  }
}
