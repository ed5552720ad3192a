import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED, redact, redactValue } from '../../../../src/live/kraken/auth/redact.ts';
import { Secret } from '../../../../src/live/kraken/auth/secret.ts';
import { KrakenSecretsError, loadKrakenCredentials, parseSecretFileText } from '../../../../src/live/kraken/auth/secrets.ts';

const KEY = 'SECRETSTESTKEY0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
const SECRET = 'cHl0aG9uLWtyYWtlbi1zZGsgdW5pdC10ZXN0IHNlY3JldCB2YWx1ZQ==';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kraken-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a throw');
}

describe('Secret', () => {
  it('never prints its value', () => {
    const s = new Secret('super-secret-value-123');
    expect(String(s)).toBe(REDACTED);
    expect(`${s}`).toBe(REDACTED);
    expect(JSON.stringify({ s })).toBe(`{"s":"${REDACTED}"}`);
    expect(inspect({ nested: { s } }, { depth: 5, showHidden: true })).not.toContain('super-secret');
    expect(s.reveal()).toBe('super-secret-value-123');
  });
});

describe('redact', () => {
  it('removes registered secrets, also URL-encoded, from text and nested values', () => {
    new Secret('abc+/def==ghi');
    expect(redact('x abc+/def==ghi y')).toBe(`x ${REDACTED} y`);
    expect(redact(`body=${encodeURIComponent('abc+/def==ghi')}`)).toBe(`body=${REDACTED}`);
    expect(redactValue({ a: ['abc+/def==ghi'], n: 1 })).toEqual({ a: [REDACTED], n: 1 });
  });

  it('leaves text without secrets alone and ignores too-short values', () => {
    new Secret('short');
    expect(redact('a short text')).toBe('a short text');
  });
});

describe('loadKrakenCredentials', () => {
  it('reads KRAKEN_API_KEY / KRAKEN_API_SECRET', () => {
    const c = loadKrakenCredentials({ env: { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: SECRET } });
    expect(c.apiKey.reveal()).toBe(KEY);
    expect(c.apiSecret.reveal()).toBe(SECRET);
    expect(c.source).toBe('env');
  });

  it.each([
    ['JSON', JSON.stringify({ key: KEY, secret: SECRET })],
    ['JSON with apiKey/apiSecret', JSON.stringify({ apiKey: KEY, apiSecret: SECRET })],
    ['two lines', `${KEY}\n${SECRET}\n`],
    ['two lines with CRLF and blank lines', `\r\n${KEY}\r\n\r\n${SECRET}\r\n`],
  ])('reads a %s secret file (from KRAKEN_SECRET_FILE or argument)', (_name, content) => {
    const path = secretFile('k', content);
    for (const c of [loadKrakenCredentials({ env: { KRAKEN_SECRET_FILE: path } }), loadKrakenCredentials({ file: path, env: {} })]) {
      expect(c.apiKey.reveal()).toBe(KEY);
      expect(c.apiSecret.reveal()).toBe(SECRET);
      expect(c.source).toBe(path);
    }
  });

  it('an explicit file wins over the environment', () => {
    const path = secretFile('k', `${KEY}\n${SECRET}`);
    const c = loadKrakenCredentials({ file: path, env: { KRAKEN_API_KEY: 'OTHERKEY', KRAKEN_API_SECRET: 'QUJDRA==' } });
    expect(c.apiKey.reveal()).toBe(KEY);
  });

  it.each([0o644, 0o604, 0o606, 0o602])('refuses a file with mode %o (other users), with a chmod hint', (mode) => {
    const path = secretFile('k', `${KEY}\n${SECRET}`, mode);
    const msg = messageOf(() => loadKrakenCredentials({ file: path, env: {} }));
    expect(msg).toContain(path);
    expect(msg).toContain('chmod 600');
  });

  it.each([
    ['nothing configured', {}, /no Kraken credentials/],
    ['only the key', { KRAKEN_API_KEY: KEY }, /KRAKEN_API_SECRET is empty or unset/],
    ['only the secret', { KRAKEN_API_SECRET: SECRET }, /KRAKEN_API_KEY is empty or unset/],
    ['a non-base64 secret', { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: 'this is not base64!!' }, /not valid base64/],
    ['a missing file', { KRAKEN_SECRET_FILE: '/nonexistent/kraken.secret' }, /\/nonexistent\/kraken.secret: ENOENT/],
  ])('fails clearly with %s', (_name, env, pattern) => {
    const err = (() => {
      try {
        loadKrakenCredentials({ env });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(err).toBeInstanceOf(KrakenSecretsError);
    expect(err.message).toMatch(pattern);
    expect(err.message).not.toContain('this is not base64');
  });

  it.each([
    ['broken JSON', `{"key": "${KEY}", "secret": `, /not valid JSON/],
    ['JSON without secret', JSON.stringify({ key: KEY }), /missing field.*"secret"/],
    ['JSON with a number', JSON.stringify({ key: KEY, secret: 5 }), /field "secret" must be a non-empty string/],
    ['three lines', `${KEY}\n${SECRET}\nextra`, /found 3 non-empty line/],
  ])('rejects a secret file with %s without quoting its content', (_name, content, pattern) => {
    const msg = messageOf(() => parseSecretFileText(content, '/etc/k.secret'));
    expect(msg).toMatch(pattern);
    expect(msg).toContain('/etc/k.secret');
    expect(msg).not.toContain(KEY);
    expect(msg).not.toContain(SECRET);
  });
});
