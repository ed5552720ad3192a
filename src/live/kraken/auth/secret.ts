/** A string that refuses to print itself: toString, toJSON and util.inspect all give `[redacted]`. */
import { inspect } from 'node:util';
import { REDACTED, registerSecret } from './redact.ts';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    registerSecret(value);
  }

  /** The only way to read the value. Call it at the point of use (signing, headers), never to log. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
