#!/usr/bin/env node
/** `krakenbt <command>`: one binary for the framework's commands. Bad input: one line on stderr, exit 2. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { sweepCommand } from './commands/sweep.ts';
import { workerCommand } from './commands/worker.ts';

async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('krakenbt')
    .command(sweepCommand)
    .command(workerCommand)
    .demandCommand(1, 'name a command (krakenbt --help lists them)')
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help()
    .parseAsync();
}

main(hideBin(process.argv)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
  if (process.argv.includes('--verbose') && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
});
