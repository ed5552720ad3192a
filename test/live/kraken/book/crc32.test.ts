import fc from 'fast-check';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../../../src/live/kraken/book/crc32.ts';

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926], // the standard CRC-32/ISO-HDLC check value
    ['a', 0xe8b7be43],
  ])('crc32(%j) = %d', (text, expected) => {
    expect(crc32(text)).toBe(expected);
    expect(crc32Table(text)).toBe(expected);
  });

  it('table implementation equals node:zlib crc32 on arbitrary ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), (s) => {
        expect(crc32Table(s)).toBe(zlib.crc32(s) >>> 0);
      }),
    );
  });
});
