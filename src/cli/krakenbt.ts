#!/usr/bin/env node
/**
 * The `krakenbt` command. Each sub-command is a yargs command module in src/cli/commands/;
 * modules keep their heavy imports (DuckDB, the report, the live runner) inside their
 * handlers, so starting the binary loads only what the chosen command needs.
 *
 * Results go to stdout (pure JSON with --json), logs and progress to stderr. Any failure
 * prints `error: <one line>` and exits 2; --verbose adds the stack trace.
 */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CliError } from './cli-error.ts';
import { backtestCommand } from './commands/backtest.ts';
import { newStrategyCommand } from './commands/new-strategy.ts';
import { runsCommand } from './commands/runs.ts';
import { sweepCommand } from './commands/sweep.ts';
import { workerCommand } from './commands/worker.ts';
import { formatError } from './report-error.ts';

/** Every sub-command of the binary whose module is light enough to load at every start. */
export const COMMANDS: readonly CommandModule<object, any>[] = [backtestCommand, runsCommand, newStrategyCommand, sweepCommand, workerCommand];

/**
 * Commands whose modules import heavy code at their top (their sub-command builders need it):
 * loaded only when named on the command line; otherwise a stub lists them in --help.
 */
const LAZY: readonly { readonly name: string; readonly command: string; readonly describe: string; readonly load: () => Promise<CommandModule<object, any>> }[] = [
  { name: 'data', command: 'data <command>', describe: 'market data: download, update, list, import', load: async () => (await import('./data/data-command.ts')).dataCommand },
  { name: 'evaluate', command: 'evaluate', describe: 'walk-forward, out-of-sample evidence for regime-portfolio beside its controls', load: async () => (await import('./evaluate/evaluate-command.ts')).evaluateCommand },
  { name: 'ml', command: 'ml <command>', describe: 'ML models: train, validate (four gates), promote, list, audit verify', load: async () => (await import('./ml/ml-command.ts')).mlCommand },
];

async function commandsFor(argv: readonly string[]): Promise<CommandModule<object, any>[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const lazy = await Promise.all(LAZY.map(async (c) => (c.name === first ? c.load() : { command: c.command, describe: c.describe, handler: () => {} })));
  return [...COMMANDS, ...lazy];
}

export async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  // A closed pipe (`krakenbt runs list | head`) is the reader's choice, not a failure.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const cli = yargs([...argv])
    .scriptName('krakenbt')
    .usage('$0 <command> [options]\n\nBacktest-first crypto research on Kraken data: krakenbt <command> --help for each command.')
    .option('verbose', { type: 'boolean', default: false, describe: 'on error, print the stack trace too' })
    .demandCommand(1, 'no command given; try krakenbt --help')
    .strict()
    .fail((msg, err) => {
      throw err ?? new CliError(msg);
    })
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 100));
  for (const command of await commandsFor(argv)) cli.command(command);
  skipHelpPrerender(cli);
  try {
    await cli.parseAsync();
    return 0;
  } catch (e) {
    process.stderr.write(formatError(e, verbose));
    return 2;
  }
}

/**
 * yargs renders a command's whole help text before running its handler, in case the handler
 * later asks for it (we never do: errors are one line). That costs ~0.07 s of every start, so
 * the pre-render is skipped; --help renders on demand as before.
 */
function skipHelpPrerender(cli: object): void {
  const usage = (cli as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

process.exitCode = await main(hideBin(process.argv));
