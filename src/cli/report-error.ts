import { CliError } from './cli-error.ts';

/**
 * How the binary reports a failure: `error: <one line>` on stderr. The stack trace (and any
 * further lines of the message) only with --verbose. Bad input (CliError, and the one-line
 * errors the layers below throw for it) and internal failures are printed the same way, so a
 * user never sees a stack unless asking for one.
 */
export function formatError(e: unknown, verbose: boolean): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = message.split('\n').find((l) => l.trim() !== '') ?? (e instanceof Error ? e.name : 'unknown error');
  let out = `error: ${line.trim()}\n`;
  if (verbose && e instanceof Error && !(e instanceof CliError)) out += `${e.stack ?? message}\n`;
  if (verbose && e instanceof Error && e.cause !== undefined) out += `cause: ${e.cause instanceof Error ? (e.cause.stack ?? e.cause.message) : String(e.cause)}\n`;
  return out;
}
