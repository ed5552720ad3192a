/**
 * JSON with exact numbers. Kraken WebSocket v2 writes prices and quantities as JSON numbers
 * carrying the engine's full precision (`0.00100000`, `62807.0`), and `status.connection_id`
 * exceeds 2^53. `JSON.parse` would turn them into floats (dropping trailing zeros the book
 * checksum needs, and rounding big integers), and Node 20 has no reviver source access. So
 * this module parses JSON itself and keeps every number literal as its source text in a
 * `RawNumber`; `stringifyExact` writes `RawNumber`s back verbatim so requests can send exact
 * decimals as JSON numbers (Kraken rejects strings: "Limit_price field must be a number_float").
 */

/** A JSON number literal kept exactly as written. */
export class RawNumber {
  constructor(readonly text: string) {}

  toNumber(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}

export type ExactJson = null | boolean | string | RawNumber | ExactJson[] | { [key: string]: ExactJson };

/** Malformed JSON; names the offset, line and column and what was expected there. */
export class ExactJsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`invalid JSON at line ${line} column ${column} (offset ${offset}): ${reason}`);
    this.name = 'ExactJsonSyntaxError';
  }
}

/** JSON number grammar (RFC 8259), anchored. */
export const JSON_NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMBER_AT = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 512;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parseDocument(): ExactJson {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.src.length) this.fail(`unexpected ${this.describe()} after the end of the value`);
    return value;
  }

  private parseValue(depth: number): ExactJson {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.parseObject(depth);
      case 0x5b: // [
        return this.parseArray(depth);
      case 0x22: // "
        return this.parseString();
      case 0x74: // t
        return this.parseLiteral('true', true);
      case 0x66: // f
        return this.parseLiteral('false', false);
      case 0x6e: // n
        return this.parseLiteral('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
        return this.fail(`expected a value, found ${this.describe()}`);
    }
  }

  private parseObject(depth: number): { [key: string]: ExactJson } {
    const obj: { [key: string]: ExactJson } = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.src.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return obj;
    }
    for (;;) {
      if (this.src.charCodeAt(this.pos) !== 0x22) this.fail(`expected a property name string, found ${this.describe()}`);
      const key = this.parseString();
      this.skipWhitespace();
      this.expect(0x3a, "':' after a property name");
      this.skipWhitespace();
      const value = this.parseValue(depth + 1);
      // Plain assignment of "__proto__" would replace the prototype; JSON.parse makes it an own property.
      if (key === '__proto__') {
        Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        obj[key] = value;
      }
      this.skipWhitespace();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return obj;
      }
      this.fail(`expected ',' or '}' in an object, found ${this.describe()}`);
    }
  }

  private parseArray(depth: number): ExactJson[] {
    const arr: ExactJson[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.src.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return arr;
    }
    for (;;) {
      arr.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return arr;
      }
      this.fail(`expected ',' or ']' in an array, found ${this.describe()}`);
    }
  }

  private parseString(): string {
    const start = ++this.pos; // opening quote
    // Fast path: no escapes.
    for (let i = start; i < this.src.length; i++) {
      const c = this.src.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return this.src.slice(start, i);
      }
      if (c === 0x5c) break;
      if (c < 0x20) {
        this.pos = i;
        this.fail('unescaped control character in a string');
      }
    }
    let out = '';
    let chunkStart = start;
    for (let i = start; ; ) {
      if (i >= this.src.length) {
        this.pos = i;
        this.fail('unterminated string');
      }
      const c = this.src.charCodeAt(i);
      if (c === 0x22) {
        out += this.src.slice(chunkStart, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = i;
        this.fail('unescaped control character in a string');
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += this.src.slice(chunkStart, i);
      const e = this.src[i + 1];
      if (e === 'u') {
        const hex = this.src.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.pos = i;
          this.fail(`invalid \\u escape ${JSON.stringify(this.src.slice(i, i + 6))}`);
        }
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        this.pos = i;
        this.fail(`invalid escape ${JSON.stringify(this.src.slice(i, i + 2))}`);
      }
      chunkStart = i;
    }
  }

  private parseNumber(): RawNumber {
    NUMBER_AT.lastIndex = this.pos;
    const m = NUMBER_AT.exec(this.src);
    if (!m) return this.fail(`malformed number starting ${JSON.stringify(this.src.slice(this.pos, this.pos + 12))}`);
    const end = this.pos + m[0].length;
    // "01", "1.", "1e" are not JSON: the grammar match stops early and a digit/./e follows.
    const next = this.src[end];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) {
      return this.fail(`malformed number ${JSON.stringify(this.src.slice(this.pos, end + 1))}`);
    }
    this.pos = end;
    return new RawNumber(m[0]);
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (!this.src.startsWith(word, this.pos)) this.fail(`expected ${word}, found ${this.describe()}`);
    this.pos += word.length;
    return value;
  }

  private expect(code: number, what: string): void {
    if (this.src.charCodeAt(this.pos) !== code) this.fail(`expected ${what}, found ${this.describe()}`);
    this.pos++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else return;
    }
  }

  private describe(): string {
    if (this.pos >= this.src.length) return 'end of input';
    return JSON.stringify(this.src.slice(this.pos, this.pos + 12));
  }

  private fail(reason: string): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < this.pos && i < this.src.length; i++) {
      if (this.src.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new ExactJsonSyntaxError(reason, this.pos, line, this.pos - lineStart + 1);
  }
}

/** Parses JSON text; numbers become `RawNumber` with their exact source text. Throws `ExactJsonSyntaxError`. */
export function parseExactJson(text: string): ExactJson {
  return new Parser(text).parseDocument();
}

/**
 * Serialises like `JSON.stringify` (no indentation) but writes `RawNumber` text verbatim.
 * Rejects a `RawNumber` whose text is not a JSON number and non-finite plain numbers,
 * so a request never goes out malformed. `undefined` properties are omitted.
 */
export function stringifyExact(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof RawNumber) {
    if (!JSON_NUMBER_RE.test(value.text)) throw new RangeError(`not a JSON number: ${JSON.stringify(value.text)}`);
    return value.text;
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`cannot send non-finite number ${value}`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stringifyExact(v))).join(',')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${stringifyExact(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot serialise a ${typeof value}`);
  }
}

const PLAIN_INTEGER_RE = /^-?\d+$/;

/**
 * Replaces every RawNumber by a JS number: what JSON.parse would have produced. With
 * `bigIntegersAsText`, an integer literal outside the safe range (|n| > 2^53 - 1, which a double
 * would round) is kept as its digits in a string instead, so a schema can read it exactly
 * (the REST client: TradesHistory `trade_id`, public Trades ids).
 */
export function toPlainJson(value: ExactJson, opts: { readonly bigIntegersAsText?: boolean } = {}): unknown {
  if (value instanceof RawNumber) {
    const n = value.toNumber();
    return opts.bigIntegersAsText && !Number.isSafeInteger(n) && PLAIN_INTEGER_RE.test(value.text) ? value.text : n;
  }
  if (Array.isArray(value)) return value.map((v) => toPlainJson(v, opts));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const plain = toPlainJson(v, opts);
      if (k === '__proto__') Object.defineProperty(out, k, { value: plain, writable: true, enumerable: true, configurable: true });
      else out[k] = plain;
    }
    return out;
  }
  return value;
}
