/**
 * Kraken private REST signature (API-Sign), exactly as documented:
 *   base64( HMAC-SHA512( key = base64decode(secret), utf8(uriPath) || SHA256(utf8(nonce + postData)) ) )
 * `postData` must be the exact body bytes that are sent; sign what you send, send what you signed.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignInput {
  /** Path starting at `/0/`, without host or query, e.g. `/0/private/AddOrder`. */
  readonly uriPath: string;
  /** The nonce as it appears in the body (decimal digits). */
  readonly nonce: string | bigint;
  /** The exact request body text (form-encoded or JSON). */
  readonly postData: string;
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a Kraken API secret. Node's base64 decoder silently skips invalid characters, which
 * would turn a mangled secret into a wrong-but-plausible key; we reject it instead.
 * The error never quotes the secret.
 */
export function decodeApiSecret(secretBase64: string): Buffer {
  const text = secretBase64.trim();
  if (text.length === 0 || !BASE64_RE.test(text)) {
    throw new Error(`Kraken API secret is not valid base64 (length ${text.length}); copy it again from the Kraken key page`);
  }
  return Buffer.from(text, 'base64');
}

/** Computes API-Sign. `secret` is either the base64 secret text or its already-decoded bytes. */
export function signKrakenRequest(input: SignInput, secret: string | Uint8Array): string {
  const key = typeof secret === 'string' ? decodeApiSecret(secret) : secret;
  const inner = createHash('sha256').update(String(input.nonce) + input.postData, 'utf8').digest();
  return createHmac('sha512', key).update(input.uriPath, 'utf8').update(inner).digest('base64');
}
