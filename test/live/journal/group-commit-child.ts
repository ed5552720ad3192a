/**
 * Child process of group-commit.test.ts: appends entries to a group-commit journal as fast as
 * it can and prints `durable <n>` on stdout each time afterDurable releases entry n (what the
 * runner would then send). The test SIGKILLs it mid-batch.
 */
import { JournalWriter } from '../../../src/live/journal/journal-writer.ts';
import { session } from '../runner/helpers.ts';

const { writer } = JournalWriter.open(process.argv[2], session(), { sync: 'group' });
let time = 1;
const burst = (): void => {
  for (let i = 0; i < 50; i++) {
    const n = writer.append({ k: 'tick', time: time++ });
    writer.afterDurable(() => process.stdout.write(`durable ${n}\n`));
  }
  setImmediate(burst);
};
burst();
