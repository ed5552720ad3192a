#!/usr/bin/env node
/** `node --import tsx src/live/cli.ts`: the live command without extensions (see live-command.ts; `npm run live` adds the ML cycle). */
import { hideBin } from 'yargs/helpers';
import { exitOnError, runLiveCommand } from './live-command.ts';

runLiveCommand(hideBin(process.argv)).catch(exitOnError);
