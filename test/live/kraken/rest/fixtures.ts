/** Loads the Kraken protocol fixtures copied into the repo (test/fixtures/kraken, see PROVENANCE.md there). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures/kraken/', import.meta.url));

export function fixture(name: string): any {
  return JSON.parse(readFileSync(FIXTURES_DIR + '/' + name, 'utf8'));
}

export function restFixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR).filter((f) => /^rest-.*\.json$/.test(f) && f !== 'rest-errors.json').sort();
}

/** Test credentials: the official Kraken vector secret and a made-up key. */
export const TEST_SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
export const TEST_KEY = 'TESTKEY0abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLM';
