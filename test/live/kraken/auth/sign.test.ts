import { describe, expect, it } from 'vitest';
import { decodeApiSecret, signKrakenRequest } from '../../../../src/live/kraken/auth/sign.ts';
import { fixture } from '../rest/fixtures.ts';

interface Vector {
  id: string;
  secret: string;
  nonce: string;
  uriPath: string;
  postData: string;
  expectedApiSign: string;
}
const vectors: Vector[] = fixture('auth-test-vector.json').vectors;

describe('signKrakenRequest', () => {
  it('has the five published/computed vectors', () => {
    expect(vectors.map((v) => v.id)).toHaveLength(5);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('matches vector %s', (_id, v) => {
    expect(signKrakenRequest({ uriPath: v.uriPath, nonce: v.nonce, postData: v.postData }, v.secret)).toBe(v.expectedApiSign);
    // Same result from pre-decoded bytes and a bigint nonce.
    expect(signKrakenRequest({ uriPath: v.uriPath, nonce: BigInt(v.nonce), postData: v.postData }, decodeApiSecret(v.secret))).toBe(
      v.expectedApiSign,
    );
  });

  it.each([
    ['different path', { uriPath: '/0/private/Balance' }],
    ['path with host', { uriPath: 'https://api.kraken.com/0/private/AddOrder' }],
    ['different nonce', { nonce: '1616492376595' }],
    ['re-ordered body', { postData: 'ordertype=limit&nonce=1616492376594&pair=XBTUSD&price=37500&type=buy&volume=1.25' }],
  ])('changes with %s', (_name, change) => {
    const v = vectors[0];
    const sig = signKrakenRequest({ uriPath: v.uriPath, nonce: v.nonce, postData: v.postData, ...change }, v.secret);
    expect(sig).not.toBe(v.expectedApiSign);
  });

  it('does not accept the secret text as the key (must be decoded)', () => {
    const v = vectors[0];
    const wrong = signKrakenRequest({ uriPath: v.uriPath, nonce: v.nonce, postData: v.postData }, Buffer.from(v.secret, 'utf8'));
    expect(wrong).not.toBe(v.expectedApiSign);
  });

  it.each(['not base64!', 'abc', '', 'QUJD\nRA=='])('rejects a malformed secret %j without quoting it', (bad) => {
    let message = '';
    try {
      decodeApiSecret(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not valid base64/);
    if (bad.length > 3) expect(message).not.toContain(bad);
  });
});
