/**
 * Loads the Kraken API key and secret from the environment or from a secret file.
 *
 * Precedence: an explicit `file` argument, then `KRAKEN_API_KEY` + `KRAKEN_API_SECRET`, then the
 * file named by `KRAKEN_SECRET_FILE`. A secret file is either JSON (`{"key": ..., "secret": ...}`,
 * also `apiKey`/`api_key`, `apiSecret`/`api_secret`) or two non-empty lines: key, then secret.
 * Files readable or writable by "other" users are refused. No error message ever quotes a value.
 */
import { readFileSync, statSync } from 'node:fs';
import { decodeApiSecret } from './sign.ts';
import { Secret } from './secret.ts';

export interface KrakenCredentials {
  readonly apiKey: Secret;
  readonly apiSecret: Secret;
  /** Where the credentials came from (`env` or the file path), for diagnostics. */
  readonly source: string;
}

export class KrakenSecretsError extends Error {
  override readonly name = 'KrakenSecretsError';
}

export interface LoadCredentialsOptions {
  /** Path to a secret file; wins over the environment. */
  readonly file?: string;
  /** Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function loadKrakenCredentials(options: LoadCredentialsOptions = {}): KrakenCredentials {
  const env = options.env ?? process.env;
  if (options.file !== undefined) return readKrakenSecretFile(options.file);
  const key = env.KRAKEN_API_KEY;
  const secret = env.KRAKEN_API_SECRET;
  if (key !== undefined || secret !== undefined) {
    if (!key || !secret) {
      const missing = !key ? 'KRAKEN_API_KEY' : 'KRAKEN_API_SECRET';
      throw new KrakenSecretsError(`${missing} is empty or unset while its partner is set; set both or neither`);
    }
    return makeCredentials(key, secret, 'env');
  }
  const file = env.KRAKEN_SECRET_FILE;
  if (file) return readKrakenSecretFile(file);
  throw new KrakenSecretsError(
    'no Kraken credentials: set KRAKEN_API_KEY and KRAKEN_API_SECRET, or KRAKEN_SECRET_FILE, or pass a secret file path',
  );
}

export function readKrakenSecretFile(path: string): KrakenCredentials {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new KrakenSecretsError(`cannot read Kraken secret file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!stat.isFile()) throw new KrakenSecretsError(`Kraken secret file ${path} is not a regular file`);
  if (process.platform !== 'win32' && (stat.mode & 0o007) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new KrakenSecretsError(
      `refusing Kraken secret file ${path}: it is accessible to other users (mode ${mode}); run: chmod 600 ${path}`,
    );
  }
  const text = readFileSync(path, 'utf8');
  const { key, secret } = parseSecretFileText(text, path);
  return makeCredentials(key, secret, path);
}

/** Parses the content of a secret file; `origin` names the file in errors. */
export function parseSecretFileText(text: string, origin: string): { key: string; secret: string } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) return parseJsonSecret(trimmed, origin);
  const lines = trimmed.split(/\r?\n/).map((l) => l.trim());
  const nonEmpty = lines.filter((l) => l.length > 0);
  if (nonEmpty.length !== 2) {
    throw new KrakenSecretsError(
      `${origin}: expected JSON {"key","secret"} or exactly two non-empty lines (key, then secret), found ${nonEmpty.length} non-empty line(s)`,
    );
  }
  return { key: nonEmpty[0], secret: nonEmpty[1] };
}

function parseJsonSecret(text: string, origin: string): { key: string; secret: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The JSON.parse message can quote file content, so it is deliberately dropped.
    throw new KrakenSecretsError(`${origin}: not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KrakenSecretsError(`${origin}: JSON must be an object with "key" and "secret"`);
  }
  const obj = parsed as Record<string, unknown>;
  const key = pick(obj, ['key', 'apiKey', 'api_key'], origin);
  const secret = pick(obj, ['secret', 'apiSecret', 'api_secret'], origin);
  return { key, secret };
}

function pick(obj: Record<string, unknown>, names: readonly string[], origin: string): string {
  for (const name of names) {
    const v = obj[name];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') throw new KrakenSecretsError(`${origin}: field "${name}" must be a non-empty string`);
    return v.trim();
  }
  throw new KrakenSecretsError(`${origin}: missing field, expected one of ${names.map((n) => `"${n}"`).join(', ')}`);
}

function makeCredentials(key: string, secret: string, source: string): KrakenCredentials {
  const apiKey = new Secret(key.trim());
  const apiSecret = new Secret(secret.trim());
  if (/\s/.test(apiKey.reveal())) throw new KrakenSecretsError(`API key from ${source} contains whitespace`);
  try {
    decodeApiSecret(apiSecret.reveal());
  } catch (err) {
    throw new KrakenSecretsError(`API secret from ${source}: ${(err as Error).message}`);
  }
  return { apiKey, apiSecret, source };
}

/** Builds credentials from values already in memory (tests, vaults). */
export function krakenCredentials(key: string, secret: string, source = 'memory'): KrakenCredentials {
  return makeCredentials(key, secret, source);
}
