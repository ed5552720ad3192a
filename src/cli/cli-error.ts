/** Bad input to a krakenbt command: printed as one line (`error: ...`), exit status 2. */
export class CliError extends Error {}
