/** Bad input to a krakenbt command: the binary prints `error: <message>` and exits 2. */
export class CliError extends Error {}
