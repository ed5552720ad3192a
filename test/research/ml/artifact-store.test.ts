import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { artifactDir, currentHashes, readManifest, sha256Hex, writeArtifactFiles } from '../../../src/research/ml/artifact-store.ts';

describe('artifact directory and manifest', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'krakenbt-art-'));
    dirs.push(d);
    return d;
  };

  it('seals the SHA-256 of every file; adding a file reseals over all of them', () => {
    const d = fresh();
    const m1 = writeArtifactFiles(d, { 'model.json': '{"a":1}', 'metrics.json': '{}' });
    expect(m1.files).toEqual({ 'metrics.json': sha256Hex('{}'), 'model.json': sha256Hex('{"a":1}') });
    const m2 = writeArtifactFiles(d, { 'gates.json': '[]' });
    expect(Object.keys(m2.files)).toEqual(['gates.json', 'metrics.json', 'model.json']);
    expect(m2.artifactHash).not.toBe(m1.artifactHash);
    expect(readManifest(d)).toEqual(m2);
    expect(currentHashes(d)).toEqual(m2.files);
  });

  it('a manifest whose file list was edited no longer matches its artifact hash', () => {
    const d = fresh();
    writeArtifactFiles(d, { 'model.json': 'x' });
    const path = join(d, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8'));
    m.files['model.json'] = sha256Hex('y');
    writeFileSync(path, JSON.stringify(m));
    expect(() => readManifest(d)).toThrow(/artifact hash does not match/);
  });

  it('model ids cannot escape the models directory', () => {
    for (const bad of ['../etc', '..', '.hidden', 'a/b']) expect(() => artifactDir('/m', bad)).toThrow(/path characters/);
    expect(artifactDir('/m', 'BTCUSD-1h-ab-cd')).toBe('/m/BTCUSD-1h-ab-cd');
  });
});
