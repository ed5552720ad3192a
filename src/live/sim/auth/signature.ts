import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Kraken REST API-Sign (README section 2):
 * base64( HMAC-SHA512( base64decode(secret), utf8(uriPath) || SHA256(utf8(nonce + postData)) ) ).
 */
export function krakenSignature(uriPath: string, nonce: string, postData: string, secretBase64: string): string {
  const inner = createHash('sha256').update(nonce + postData, 'utf8').digest();
  return createHmac('sha512', Buffer.from(secretBase64, 'base64'))
    .update(Buffer.concat([Buffer.from(uriPath, 'utf8'), inner]))
    .digest('base64');
}

/** Constant-time comparison of a received API-Sign against the expected one. */
export function verifySignature(uriPath: string, nonce: string, postData: string, secretBase64: string, received: string): boolean {
  const expected = Buffer.from(krakenSignature(uriPath, nonce, postData, secretBase64), 'utf8');
  const got = Buffer.from(received, 'utf8');
  return expected.length === got.length && timingSafeEqual(expected, got);
}
