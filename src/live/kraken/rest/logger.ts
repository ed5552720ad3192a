/**
 * Minimal pino-compatible logger seam. The client logs only through `safeLogger`, which redacts
 * every registered secret from fields and messages, so a key can never reach a log line.
 */
import { redact, redactValue } from '../auth/redact.ts';

export interface KrakenRestLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: KrakenRestLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function safeLogger(inner: KrakenRestLogger): KrakenRestLogger {
  const wrap =
    (level: keyof KrakenRestLogger) =>
    (fields: object, message: string): void =>
      inner[level](redactValue(fields) as object, redact(message));
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
