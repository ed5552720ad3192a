#!/usr/bin/env node
/** `npm run live`: the live command (src/live/live-command.ts) with the ML downtime cycle (`--ml`, ml-extension.ts). */
import { hideBin } from 'yargs/helpers';
import { exitOnError, runLiveCommand } from '../../live/live-command.ts';
import { mlExtension } from './ml-extension.ts';

runLiveCommand(hideBin(process.argv), [mlExtension()]).catch(exitOnError);
