import { describe, expect, it } from 'vitest';
import { LogRing } from '../../../src/live/dashboard/log-ring.ts';

describe('LogRing (recent log lines for the Operations page)', () => {
  it('splits chunks into lines (a line may span writes), keeps the newest, newest first', async () => {
    const ring = new LogRing(3, null);
    const write = (s: string) => new Promise<void>((r) => ring.write(s, () => r()));
    await write('{"msg":"a"}\n{"msg":"b"}\n{"ms');
    await write('g":"c"}\nplain text\n');
    await write('{"msg":"e"}\n');
    expect(ring.recent(10)).toEqual([{ msg: 'e' }, { msg: 'plain text' }, { msg: 'c' }]);
    expect(ring.recent(1)).toEqual([{ msg: 'e' }]);
  });
});
