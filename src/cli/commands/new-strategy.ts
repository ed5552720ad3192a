import type { CommandModule } from 'yargs';

/** `krakenbt new-strategy NAME`: a working strategy file and its vitest test to start from. */
export const newStrategyCommand: CommandModule<object, any> = {
  command: 'new-strategy <name>',
  describe: 'write a template strategy (<dir>/<name>.ts) and its test (<dir>/<name>.test.ts)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'kebab-case strategy name, e.g. my-momentum' })
      .option('dir', { type: 'string', default: 'strategies', describe: 'folder for the two files (created if missing)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the written paths as JSON' }),
  handler: async (args) => {
    const { writeStrategyFiles } = await import('../new-strategy/write-strategy.ts');
    const files = await writeStrategyFiles(String(args.name), String(args.dir));
    if (args.json) process.stdout.write(`${JSON.stringify(files)}\n`);
    else process.stdout.write(`wrote ${files.strategy}\nwrote ${files.test}\nrun it:  npx krakenbt backtest --strategy ${files.strategy} --timeframe 1d\ntest it: npx vitest run ${files.test}\n`);
  },
};
