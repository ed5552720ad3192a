import { describe, expect, it } from 'vitest';
import { krakenbtExamples } from './readme.ts';

describe('README example extraction', () => {
  it('takes npx krakenbt lines of sh blocks only, in order, and marks real-money skips', () => {
    const md = [
      'Text with npx krakenbt backtest inline is not a command.',
      '```sh',
      'npm install',
      'npx krakenbt backtest --json',
      'npx krakenbt data download --endpoint $KRAKEN_SIM --pairs BTC/USD',
      '  npx krakenbt indented is not at the start of the line',
      'npx krakenbt live --real --config live.json   # not run in CI: needs keys and real money',
      '```',
      '```ts',
      'npx krakenbt backtest   // inside a ts block',
      '```',
      '```sh',
      'npx krakenbt runs list',
      '```',
    ].join('\n');
    expect(krakenbtExamples(md)).toEqual([
      { line: 'npx krakenbt backtest --json' },
      { line: 'npx krakenbt data download --endpoint $KRAKEN_SIM --pairs BTC/USD' },
      { line: 'npx krakenbt live --real --config live.json   # not run in CI: needs keys and real money', skipReason: 'needs keys and real money' },
      { line: 'npx krakenbt runs list' },
    ]);
  });
});
