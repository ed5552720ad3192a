import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A model artifact is one directory: model.json (XGBoost), feature-spec.json, training.json
 * (range, data hash, parameters), metrics.json (walk-forward scores with both baselines),
 * gates.json (after validation) and manifest.json, which seals the SHA-256 of every other file
 * and the artifact hash over them. Files are written to a temporary name and renamed.
 */
export const MANIFEST = 'manifest.json';

export interface Manifest {
  readonly files: Readonly<Record<string, string>>;
  readonly artifactHash: string;
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function artifactHashOf(files: Readonly<Record<string, string>>): string {
  return sha256Hex(
    Object.keys(files)
      .sort()
      .map((f) => `${f} ${files[f]}\n`)
      .join(''),
  );
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function artifactDir(modelsDir: string, id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new Error(`model id "${id}" must start with a letter or digit and have only letters, digits, . _ - (no path characters)`);
  return join(modelsDir, id);
}

/** Writes (or overwrites) files into the artifact directory and reseals the manifest over all of them. */
export function writeArtifactFiles(dir: string, files: Readonly<Record<string, string>>): Manifest {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeAtomic(join(dir, name), text);
  const hashes = currentHashes(dir);
  const manifest: Manifest = { files: hashes, artifactHash: artifactHashOf(hashes) };
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** SHA-256 of every file in the directory except the manifest, as found now. */
export function currentHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (f !== MANIFEST && !f.endsWith('.tmp')) out[f] = sha256Hex(readFileSync(join(dir, f)));
  return out;
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new Error(`${dir}: no ${MANIFEST} (not a model artifact)`);
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (!m || typeof m.files !== 'object' || typeof m.artifactHash !== 'string') throw new Error(`${path}: malformed manifest`);
  if (artifactHashOf(m.files) !== m.artifactHash) throw new Error(`${path}: the artifact hash does not match the file hashes it lists`);
  return m;
}

export function readJson<T>(dir: string, name: string): T {
  const path = join(dir, name);
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function readText(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
