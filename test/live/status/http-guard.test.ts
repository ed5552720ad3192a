import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedHosts, hostAllowed, originAllowed, tokenMatches, writeTokenFile } from '../../../src/live/status/http-guard.ts';

describe('status server guards', () => {
  const allowed = allowedHosts('127.0.0.1', 8123);

  it.each([
    ['127.0.0.1:8123', true],
    ['localhost:8123', true],
    ['LOCALHOST:8123', true],
    ['[::1]:8123', true],
    ['127.0.0.1:8124', false], // another port: another server
    ['127.0.0.1', false],
    ['evil.example:8123', false], // DNS rebinding: the attacker's name resolves to 127.0.0.1
    ['127.0.0.1.nip.io:8123', false],
    ['', false],
    [undefined, false],
  ])('Host %j allowed: %s', (host, ok) => {
    expect(hostAllowed(host, allowed)).toBe(ok);
  });

  it.each([
    [undefined, true], // not a browser
    ['http://127.0.0.1:8123', true],
    ['http://localhost:8123', true],
    ['http://evil.example', false],
    ['http://127.0.0.1:9999', false],
    ['https://127.0.0.1:8123', false],
    ['null', false], // sandboxed iframe / file: page
  ])('Origin %j allowed: %s', (origin, ok) => {
    expect(originAllowed(origin, allowed)).toBe(ok);
  });

  it('token compare: equal strings match, anything else does not (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (token, other) => {
        expect(tokenMatches(token, token)).toBe(true);
        expect(tokenMatches(other, token)).toBe(other === token);
        expect(tokenMatches(token.slice(0, -1), token)).toBe(false); // a prefix is not enough
      }),
    );
    expect(tokenMatches(undefined, 'abc')).toBe(false);
    expect(tokenMatches(['abc'], 'abc')).toBe(false); // a repeated header is refused
  });

  describe('token file', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('is created 0600, and an existing 0644 file is narrowed to 0600 before the token is written', () => {
      dir = mkdtempSync(join(tmpdir(), 'token-'));
      const fresh = join(dir, 'fresh');
      writeTokenFile(fresh, 'abc');
      expect(statSync(fresh).mode & 0o777).toBe(0o600);
      expect(readFileSync(fresh, 'utf8')).toBe('abc\n');

      const old = join(dir, 'old');
      writeFileSync(old, 'previous-token-that-was-world-readable\n');
      chmodSync(old, 0o644);
      writeTokenFile(old, 'def');
      expect(statSync(old).mode & 0o777).toBe(0o600);
      expect(readFileSync(old, 'utf8')).toBe('def\n');
    });

    it('refuses to follow a symlink planted where the token goes', () => {
      dir = mkdtempSync(join(tmpdir(), 'token-'));
      const target = join(dir, 'target');
      writeFileSync(target, 'x');
      const link = join(dir, 'link');
      symlinkSync(target, link);
      expect(() => writeTokenFile(link, 'abc')).toThrow(/ELOOP|symbolic/);
      expect(readFileSync(target, 'utf8')).toBe('x');
    });
  });
});
