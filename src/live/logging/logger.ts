import pino, { type DestinationStream, type Logger } from 'pino';
import { redact as redactSecrets, redactValue } from '../kraken/auth/redact.ts';

export type { Logger } from 'pino';

/** Field paths whose values are never written, wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'apiKey',
  'apiSecret',
  'secret',
  'token',
  'otp',
  'password',
  'headers["API-Key"]',
  'headers["API-Sign"]',
  '*.apiKey',
  '*.apiSecret',
  '*.secret',
  '*.token',
  '*.otp',
  '*.password',
];

/**
 * Structured JSON logs (pino) for the live runner. Every line is one JSON object; lines about
 * one order carry `cid` (its client order id) from the strategy's decision to the last fill.
 * Secrets are removed twice: by field name (REDACTED_PATHS) and by value (every loaded
 * Secret registers itself with the Kraken auth module's redactor, which scrubs message text).
 */
export function createLogger(opts: { level?: string; destination?: DestinationStream; name?: string } = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'live',
      level: opts.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          // Scrub secret values that slipped into the message or string fields.
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactSecrets(a) : redactValue(a))) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
