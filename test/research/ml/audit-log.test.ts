import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';

describe('ML audit log (hash-chained, append-only DuckDB table)', () => {
  let log: AuditLog;
  let clock = 1_700_000_000_000;
  beforeEach(async () => {
    log = await AuditLog.open(':memory:', () => clock++);
    await log.append({ event: 'trained', model: 'm-a', detail: { rows: 100 } });
    await log.append({ event: 'transition', model: 'm-a', from: null, to: 'CANDIDATE' });
    await log.append({ event: 'transition', model: 'm-a', from: 'CANDIDATE', to: 'VALIDATION' });
    await log.append({ event: 'transition', model: 'm-a', from: 'VALIDATION', to: 'APPROVED', detail: { artifactHash: 'ab' } });
    await log.append({ event: 'transition', model: 'm-a', from: 'APPROVED', to: 'RETIRED' });
  });
  afterEach(() => log.close());

  it('an untouched log verifies, and each row links to the previous hash', async () => {
    const v = await log.verify();
    expect(v).toMatchObject({ ok: true, rows: 5, problem: null });
    const rows = await log.rows();
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(v.head).toBe(rows[4].hash);
  });

  it.each([
    ['an edited row', "UPDATE ml_audit SET to_state = 'APPROVED' WHERE seq = 5", /row 5: content does not match its hash \(the row was edited\)/],
    ['an edited detail', `UPDATE ml_audit SET detail = '{"rows":99}' WHERE seq = 1`, /row 1: content does not match/],
    ['an edited row with its hash recomputed naively', "UPDATE ml_audit SET time = time + 1, hash = 'f' || substr(hash, 2) WHERE seq = 2", /row 2: content does not match|row 3: prev_hash/],
    ['a deleted row', 'DELETE FROM ml_audit WHERE seq = 3', /row 3: found seq 4 \(a row was deleted or reordered\)/],
    ['two reordered rows', 'UPDATE ml_audit SET seq = CASE seq WHEN 3 THEN 4 ELSE 3 END WHERE seq IN (3, 4)', /row 3: prev_hash does not match/],
  ])('detects %s', async (_what, sql, problem) => {
    await log.connection.run(sql);
    const v = await log.verify();
    expect(v.ok).toBe(false);
    expect(v.problem).toMatch(problem);
  });

  it('a deleted last row is caught against a head hash kept elsewhere', async () => {
    const head = (await log.verify()).head;
    await log.connection.run('DELETE FROM ml_audit WHERE seq = 5');
    expect((await log.verify()).ok).toBe(true); // the chain alone cannot see a lost tail
    expect((await log.verify(head)).problem).toMatch(/rows were lost at the end/);
  });

  it('appending after a verification continues the chain', async () => {
    await log.append({ event: 'loaded', model: 'm-a' });
    expect((await log.verify()).rows).toBe(6);
  });
});
