import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/kraken/', import.meta.url));

export interface FixtureFrame {
  /** "file.json" or "file.jsonl:3" (1-based line). */
  readonly where: string;
  readonly text: string;
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** Frames of one fixture: the whole file for .json, one per non-empty line for .jsonl. */
export function fixtureFrames(name: string): FixtureFrame[] {
  const text = fixtureText(name);
  if (!name.endsWith('.jsonl')) return [{ where: name, text }];
  return text
    .split('\n')
    .map((line, i) => ({ where: `${name}:${i + 1}`, text: line }))
    .filter((f) => f.text.trim() !== '');
}

export function wsFixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.startsWith('ws-v2-') && (f.endsWith('.json') || f.endsWith('.jsonl')))
    .sort();
}
