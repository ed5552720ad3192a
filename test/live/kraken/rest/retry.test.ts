import { describe, expect, it } from 'vitest';
import { KrakenOutcomeUnknown, KrakenRequestError, KrakenResponseFormatError, KrakenTransportError, mapKrakenErrors } from '../../../../src/live/kraken/rest/errors.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryable, minimumDelayMs, seededRandom, type CallSafety } from '../../../../src/live/kraken/rest/retry.ts';

const api = (code: string) => mapKrakenErrors('X', [code])!;
const transport = (f: ConstructorParameters<typeof KrakenTransportError>[1]) => new KrakenTransportError('X', f, 'x');

describe('isRetryable', () => {
  // [error, read, idempotent, unsafe]
  const table: [string, unknown, boolean, boolean, boolean][] = [
    ['EService:Unavailable', api('EService:Unavailable'), true, true, false],
    ['EService:Busy', api('EService:Busy'), true, true, false],
    ['EGeneral:Internal error', api('EGeneral:Internal error'), true, true, false],
    ['EAPI:Invalid nonce', api('EAPI:Invalid nonce'), true, true, true],
    ['EAPI:Rate limit exceeded', api('EAPI:Rate limit exceeded'), true, true, false],
    ['EOrder:Rate limit exceeded', api('EOrder:Rate limit exceeded'), true, true, false],
    ['EService: Throttled', api('EService: Throttled: 1'), true, true, false],
    ['EOrder:Insufficient funds', api('EOrder:Insufficient funds'), false, false, false],
    ['EAPI:Invalid key', api('EAPI:Invalid key'), false, false, false],
    ['EService:Market in cancel_only mode', api('EService:Market in cancel_only mode'), false, false, false],
    ['timeout', transport('timeout'), true, true, false],
    ['socket reset', transport('network'), true, true, false],
    ['5xx page', transport('http-status'), true, true, false],
    ['non-JSON', transport('non-json'), true, true, false],
    ['connection refused', transport('not-sent'), true, true, true],
    ['format error', new KrakenResponseFormatError('X', 'x'), false, false, false],
    ['local request error', new KrakenRequestError('x'), false, false, false],
    ['outcome unknown', new KrakenOutcomeUnknown('AddOrder', {}, transport('timeout')), false, false, false],
    ['foreign error', new Error('boom'), false, false, false],
  ];
  it.each(table)('%s -> read %s, idempotent %s, unsafe %s', (_n, err, read, idem, unsafe) => {
    const got = (['read', 'idempotent', 'unsafe'] as CallSafety[]).map((s) => isRetryable(err, s));
    expect(got).toEqual([read, idem, unsafe]);
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially within [d/2, d) and caps at maxDelayMs', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000, random: seededRandom(42) };
    for (let retry = 1; retry <= 8; retry++) {
      const d = Math.min(1_000, 100 * 2 ** (retry - 1));
      const got = backoffDelayMs(retry, policy);
      expect(got).toBeGreaterThanOrEqual(d / 2);
      expect(got).toBeLessThanOrEqual(d);
    }
  });

  it('is reproducible with a seeded random', () => {
    const run = () => [1, 2, 3, 4].map((r) => backoffDelayMs(r, { ...DEFAULT_RETRY_POLICY, random: seededRandom(7) }));
    expect(run()).toEqual(run());
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });

  it('honours the retry time of EService: Throttled', () => {
    expect(minimumDelayMs(api('EService: Throttled: 1000'), 990_000)).toBe(10_000);
    expect(minimumDelayMs(api('EService:Busy'), 0)).toBe(0);
  });
});
