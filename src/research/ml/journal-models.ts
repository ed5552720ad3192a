import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { approvedAlias, registerApprovedModel, type ApprovedModel } from '../../core/ml/approved-model.ts';
import type { JournalEntry, JournalInput } from '../../core/journal/journal-entry.ts';
import { artifactDir, MANIFEST } from './artifact-store.ts';
import { loadArtifactForResearch } from './pipeline.ts';

type Promotion = Extract<JournalInput, { k: 'model' }>;

/** The journal input that names `m` as the pair's model from `time` on (validated, then journaled, by the session). */
export function promotionInput(m: ApprovedModel, time: number): Promotion {
  return { k: 'model', time, pair: m.pair, id: m.id, artifactHash: m.artifactHash };
}

/**
 * Exactly the artifact a journal names: its directory must exist and its files must hash to
 * `artifactHash`, the hash the live session verified against the audit log's approval when it
 * journaled the promotion. The audit log is not needed (a replay may run beside the live
 * session, which holds it open); the hash over every file is what makes the replay exact.
 */
export function loadArtifactByHash(modelsDir: string, id: string, artifactHash: string): ApprovedModel {
  const short = `${artifactHash.slice(0, 12)}...`;
  if (!existsSync(join(artifactDir(modelsDir, id), MANIFEST))) throw new Error(`model ${id} (artifact ${short}) is not in ${modelsDir}`);
  let m: ApprovedModel;
  try {
    m = loadArtifactForResearch(modelsDir, id);
  } catch (e) {
    throw new Error(`model ${id}: its files no longer match the journaled artifact ${short} (${(e as Error).message.replace(/^model \S+: /, '')})`);
  }
  if (m.artifactHash !== artifactHash) throw new Error(`model ${id}: artifact hash ${m.artifactHash.slice(0, 12)}... is not the journaled ${short}`);
  return m;
}

/**
 * Before a journal is replayed (--replay, or a restart): loads every artifact its `model`
 * entries name, by hash, registers each under its id, and points `approved:PAIR` at the first
 * one of each pair (the model the session started with; the entries re-point it as the replay
 * reaches them). Throws one line naming the entry when an artifact is missing or altered.
 * Returns the promotions found (none: a journal without models, nothing registered).
 */
export function registerJournalModels(modelsDir: string, entries: readonly JournalEntry[], source = 'journal'): Promotion[] {
  const found: Promotion[] = [];
  const first = new Map<string, ApprovedModel>();
  const loaded = new Map<string, ApprovedModel>();
  for (const e of entries) {
    if (e.input.k !== 'model') continue;
    const p = e.input;
    found.push(p);
    const key = `${p.id} ${p.artifactHash}`;
    let m = loaded.get(key);
    if (!m) {
      try {
        m = loadArtifactByHash(modelsDir, p.id, p.artifactHash);
      } catch (err) {
        throw new Error(`replay refused: ${source} entry ${e.n} promotes ${(err as Error).message}`);
      }
      if (m.pair !== p.pair) throw new Error(`replay refused: ${source} entry ${e.n} promotes model ${p.id} for ${p.pair}, but it trades ${m.pair}`);
      loaded.set(key, m);
    }
    if (!first.has(p.pair)) first.set(p.pair, m);
  }
  for (const m of loaded.values()) registerApprovedModel(m);
  for (const [pair, m] of first) registerApprovedModel(m, [approvedAlias(pair)]);
  return found;
}
