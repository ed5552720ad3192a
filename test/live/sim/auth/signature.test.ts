import { describe, expect, it } from 'vitest';
import { krakenSignature, verifySignature } from '../../../../src/live/sim/auth/signature.ts';
import { fixture } from '../helpers.ts';

const vectors: any[] = fixture('auth-test-vector.json').vectors;

describe('Kraken API-Sign', () => {
  it.each(vectors.map((v) => [v.id, v]))('matches vector %s', (_id, v) => {
    expect(krakenSignature(v.uriPath, v.nonce, v.postData, v.secret)).toBe(v.expectedApiSign);
    expect(verifySignature(v.uriPath, v.nonce, v.postData, v.secret, v.expectedApiSign)).toBe(true);
  });

  const v = vectors[0];
  it.each([
    ['secret text instead of decoded bytes', () => krakenSignature(v.uriPath, v.nonce, v.postData, Buffer.from(v.secret).toString('base64'))],
    ['host included in the path', () => krakenSignature('https://api.kraken.com' + v.uriPath, v.nonce, v.postData, v.secret)],
    ['different body serialisation', () => krakenSignature(v.uriPath, v.nonce, v.postData.replace('type=buy&', '') + '&type=buy', v.secret)],
    ['different nonce', () => krakenSignature(v.uriPath, '1616492376595', v.postData, v.secret)],
  ])('rejects a signature made with %s', (_name, make) => {
    expect(verifySignature(v.uriPath, v.nonce, v.postData, v.secret, make())).toBe(false);
  });
});
