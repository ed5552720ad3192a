#!/usr/bin/env node
/**
 * The old entry point of `npm run backtest`, kept for scripts that start it directly (the
 * live demo's replay, the benchmark): the same as `krakenbt backtest ...`, which lives in
 * src/cli/commands/backtest.ts.
 */
process.argv.splice(2, 0, 'backtest');
await import('../cli/krakenbt.ts');
