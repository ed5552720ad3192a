import * as zlib from 'node:zlib';

/**
 * CRC-32 (IEEE 802.3 / zlib: reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF),
 * as Kraken uses for book checksums. Node 20.20 ships `zlib.crc32`; the table version is the
 * fallback for runtimes without it and the cross-check in tests.
 */

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Table-driven CRC-32 over the bytes of an ASCII/Latin-1 string (checksum input is digits only). */
export function crc32Table(text: string): number {
  const t = crcTable();
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = t[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native: ((data: string) => number) | undefined =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (data) => zlib.crc32(data) >>> 0 : undefined;

/** Unsigned CRC-32 of the string's UTF-8 bytes (identical to Latin-1 for the ASCII digits we feed it). */
export function crc32(text: string): number {
  return native ? native(text) : crc32Table(text);
}
