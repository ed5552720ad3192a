import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../src/live/sim/util/crc32.ts';

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926], // the standard CRC-32 check value
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %d', (input, expected) => {
    expect(crc32(input)).toBe(expected);
  });

  it('agrees with node:zlib crc32 on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32(bytes) === zlibCrc32(bytes)));
  });
});
