/** Where the queue lives: `redis://[user:password@]host:port[/db]` (rediss:// for TLS). */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

/** Parses a --queue URL; anything else is refused with one line saying what is expected. */
export function parseRedisUrl(text: string): RedisTarget {
  const expected = 'expected redis://host:port[/db], e.g. redis://127.0.0.1:6379';
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`--queue "${text}" is not a URL; ${expected}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`--queue "${text}" is not a Redis URL (${u.protocol}); ${expected}`);
  if (!u.hostname) throw new Error(`--queue "${text}" names no host; ${expected}`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || db > 15 || !/^\d*$/.test(dbText)) throw new Error(`--queue "${text}": database "${dbText}" must be 0-15`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''), port, db, tls: u.protocol === 'rediss:',
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** ioredis / BullMQ connection options. BullMQ workers need `maxRetriesPerRequest: null` (block until Redis is back). */
export function connectionOptions(t: RedisTarget): Record<string, unknown> {
  return {
    host: t.host, port: t.port, db: t.db, maxRetriesPerRequest: null,
    ...(t.username ? { username: t.username } : {}), ...(t.password ? { password: t.password } : {}), ...(t.tls ? { tls: {} } : {}),
    // Reconnect quickly after a Redis restart (capped at 1 s), forever.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
}
