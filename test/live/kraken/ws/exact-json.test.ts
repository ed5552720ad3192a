import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactJsonSyntaxError, parseExactJson, RawNumber, stringifyExact, toPlainJson } from '../../../../src/live/kraken/ws/exact-json.ts';
import { fixtureFrames, wsFixtureNames } from './fixture-files.ts';

describe('parseExactJson', () => {
  it('keeps number literals exactly as written', () => {
    const v = parseExactJson('{"qty":0.00100000,"price":62807.0,"id":13834774380200032777,"e":1e-08,"n":-0.17}') as Record<string, RawNumber>;
    expect(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.text]))).toEqual({
      qty: '0.00100000',
      price: '62807.0',
      id: '13834774380200032777',
      e: '1e-08',
      n: '-0.17',
    });
  });

  it('agrees with JSON.parse on arbitrary JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(toPlainJson(parseExactJson(text))).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse on arbitrary unicode strings and escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const text = JSON.stringify({ s, [s]: [s] });
        expect(toPlainJson(parseExactJson(text))).toStrictEqual(JSON.parse(text));
      }),
    );
  });

  it('agrees with JSON.parse on every Kraken WS fixture', () => {
    for (const name of wsFixtureNames()) {
      for (const frame of fixtureFrames(name)) {
        expect(toPlainJson(parseExactJson(frame.text)), frame.where).toStrictEqual(JSON.parse(frame.text));
      }
    }
  });

  it('treats __proto__ as an ordinary key, as JSON.parse does', () => {
    const v = parseExactJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const invalid: [string, RegExp][] = [
    ['', /expected a value, found end of input/],
    ['{"a":1,}', /expected a property name/],
    ['[1,2', /expected ',' or '\]'/],
    ['{"a" 1}', /expected ':'/],
    ['01', /malformed number "01"/],
    ['1.', /malformed number/],
    ['-', /malformed number/],
    ['1e', /malformed number/],
    ['"abc', /unterminated string/],
    ['"a\\x"', /invalid escape/],
    ['"\\u12G4"', /invalid \\u escape/],
    ['"a\u0001"', /unescaped control character/],
    ['tru', /expected true/],
    ['{} {}', /after the end of the value/],
    ['NaN', /expected a value/],
    ['[' .repeat(600), /nesting deeper than 512/],
  ];
  it.each(invalid)('rejects %j with a located reason', (text, reason) => {
    let err: unknown;
    try {
      parseExactJson(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExactJsonSyntaxError);
    expect((err as Error).message).toMatch(reason);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('reports line and column', () => {
    try {
      parseExactJson('{\n  "a": 1,\n  "b": x\n}');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ line: 3, column: 8 });
    }
  });

  const nearlyJson = fc
    .tuple(fc.jsonValue(), fc.nat(), fc.constantFrom('', '"', ',', '.', '-', 'e', '0', '}', ']', ':', '\\', ' '), fc.boolean())
    .map(([value, at, insert, drop]) => {
      const text = JSON.stringify(value) ?? 'null';
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(drop ? i + 1 : i);
    });

  it('accepts exactly what JSON.parse accepts (random and nearly-valid text)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearlyJson), (text) => {
        let nativeOk = true;
        try {
          JSON.parse(text);
        } catch {
          nativeOk = false;
        }
        let ours = true;
        try {
          parseExactJson(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ExactJsonSyntaxError);
          ours = false;
        }
        expect(ours).toBe(nativeOk);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('stringifyExact', () => {
  it('writes RawNumber text verbatim and matches JSON.stringify otherwise', () => {
    expect(stringifyExact({ a: new RawNumber('0.00100000'), b: [1, 'x', true, null], c: undefined })).toBe(
      '{"a":0.00100000,"b":[1,"x",true,null]}',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyExact(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('round-trips parsed text byte for byte (compact input)', () => {
    for (const name of wsFixtureNames()) {
      for (const frame of fixtureFrames(name)) {
        const compact = frame.text.replace(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '');
        expect(stringifyExact(parseExactJson(compact)), frame.where).toBe(compact);
      }
    }
  });

  it('refuses malformed RawNumber text and non-finite numbers', () => {
    expect(() => stringifyExact({ x: new RawNumber('1,5') })).toThrow(/not a JSON number/);
    expect(() => stringifyExact(Number.NaN)).toThrow(/non-finite/);
  });
});
