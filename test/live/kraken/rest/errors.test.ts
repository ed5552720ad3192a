import { describe, expect, it } from 'vitest';
import {
  KrakenApiError,
  KrakenInsufficientFunds,
  KrakenInvalidArguments,
  KrakenInvalidKey,
  KrakenInvalidNonce,
  KrakenInvalidSignature,
  KrakenOrderRejected,
  KrakenOutcomeUnknown,
  KrakenPermissionDenied,
  KrakenRateLimit,
  KrakenServiceUnavailable,
  KrakenTemporaryLockout,
  KrakenTransportError,
  KrakenUnclassifiedError,
  KrakenUnknownAssetPair,
  KrakenUnknownOrder,
  mapKrakenErrors,
} from '../../../../src/live/kraken/rest/errors.ts';
import { fixture } from './fixtures.ts';

type Ctor = abstract new (...args: any[]) => KrakenApiError;
/** Expected class, whether it proves non-execution, whether it is transient. */
const EXPECTED: Record<string, [Ctor, boolean, boolean]> = {
  'EAPI:Invalid key': [KrakenInvalidKey, true, false],
  'EAPI:Invalid signature': [KrakenInvalidSignature, true, false],
  'EAPI:Invalid nonce': [KrakenInvalidNonce, true, true],
  'EAPI:Rate limit exceeded': [KrakenRateLimit, true, true],
  'EAPI:Bad request': [KrakenInvalidArguments, true, false],
  'EAPI:Feature disabled': [KrakenPermissionDenied, true, false],
  'EGeneral:Invalid arguments': [KrakenInvalidArguments, true, false],
  'EGeneral:Invalid arguments:type': [KrakenInvalidArguments, true, false],
  'EGeneral:Permission denied': [KrakenPermissionDenied, true, false],
  'EGeneral:Temporary lockout': [KrakenTemporaryLockout, true, false],
  'EGeneral:Unknown method': [KrakenApiError, true, false],
  'EGeneral:Internal error': [KrakenServiceUnavailable, false, true],
  'EQuery:Unknown asset pair': [KrakenUnknownAssetPair, true, false],
  'EService:Unavailable': [KrakenServiceUnavailable, false, true],
  'EService:Busy': [KrakenServiceUnavailable, false, true],
  'EService:Market in cancel_only mode': [KrakenServiceUnavailable, true, false],
  'EService:Market in post_only mode': [KrakenServiceUnavailable, true, false],
  'EService:Deadline elapsed': [KrakenServiceUnavailable, true, false],
  'ESession:Invalid session': [KrakenApiError, true, false],
  'ETrade:Locked': [KrakenApiError, true, false],
  'EOrder:Insufficient funds': [KrakenInsufficientFunds, true, false],
  'EOrder:Order minimum not met': [KrakenOrderRejected, true, false],
  'EOrder:Cost minimum not met': [KrakenOrderRejected, true, false],
  'EOrder:Tick size check failed': [KrakenOrderRejected, true, false],
  'EOrder:Invalid price': [KrakenOrderRejected, true, false],
  'EOrder:Unknown order': [KrakenUnknownOrder, true, false],
  'EOrder:Orders limit exceeded': [KrakenOrderRejected, true, false],
  'EOrder:Rate limit exceeded': [KrakenRateLimit, true, true],
};

const examples: { error: string[] }[] = fixture('rest-errors.json');

describe('mapKrakenErrors over every rest-errors.json example', () => {
  it('covers every fixture entry in the expectation table', () => {
    expect(examples.map((e) => e.error[0]).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(examples.map((e) => [e.error[0], e] as const))('%s', (code, example) => {
    const [ctor, provesNotExecuted, transient] = EXPECTED[code];
    const err = mapKrakenErrors('Balance', example.error)!;
    expect(err).toBeInstanceOf(ctor);
    expect(err).toBeInstanceOf(KrakenApiError);
    expect(err.code).toBe(code);
    expect(err.errors).toEqual([code]);
    expect(err.method).toBe('Balance');
    expect(err.message).toContain(code);
    expect(err.provesNotExecuted).toBe(provesNotExecuted);
    expect(err.transient).toBe(transient);
  });
});

describe('mapKrakenErrors details', () => {
  it('distinguishes the REST counter from the matching-engine limiter', () => {
    expect((mapKrakenErrors('Balance', ['EAPI:Rate limit exceeded']) as KrakenRateLimit).scope).toBe('api');
    expect((mapKrakenErrors('AddOrder', ['EOrder:Rate limit exceeded']) as KrakenRateLimit).scope).toBe('order');
    expect((mapKrakenErrors('AddOrder', ['EOrder:Domain rate limit exceeded']) as KrakenRateLimit).scope).toBe('order-domain');
    expect((mapKrakenErrors('Balance', ['EAuth:Too many requests']) as KrakenRateLimit).scope).toBe('auth');
  });

  it('reads the retry time of EService: Throttled', () => {
    const err = mapKrakenErrors('Ticker', ['EService: Throttled: 1700000123']) as KrakenRateLimit;
    expect(err).toBeInstanceOf(KrakenRateLimit);
    expect(err.scope).toBe('throttled');
    expect(err.retryAtUnix).toBe(1700000123);
  });

  it('keeps the invalid-arguments detail and the service reason', () => {
    expect((mapKrakenErrors('AddOrder', ['EGeneral:Invalid arguments:type']) as KrakenInvalidArguments).detail).toBe('type');
    expect((mapKrakenErrors('AddOrder', ['EService:Market in cancel_only mode']) as KrakenServiceUnavailable).reason).toBe('cancel-only');
  });

  it('returns undefined for success and for warnings only', () => {
    expect(mapKrakenErrors('Balance', [])).toBeUndefined();
    expect(mapKrakenErrors('Balance', ['WGeneral:Deprecated field'])).toBeUndefined();
  });

  it('fails on an error next to a warning, keeping both apart', () => {
    const err = mapKrakenErrors('AddOrder', ['WGeneral:Something', 'EOrder:Insufficient funds', 'EGeneral:Invalid arguments'])!;
    expect(err).toBeInstanceOf(KrakenInsufficientFunds);
    expect(err.errors).toEqual(['EOrder:Insufficient funds', 'EGeneral:Invalid arguments']);
    expect(err.warnings).toEqual(['WGeneral:Something']);
  });

  it('treats unknown codes as unclassified: outcome not proven', () => {
    const err = mapKrakenErrors('AddOrder', ['EFoo:Bar'])!;
    expect(err).toBeInstanceOf(KrakenUnclassifiedError);
    expect(err.provesNotExecuted).toBe(false);
  });

  it('OutcomeUnknown names the ids and the cause', () => {
    const cause = new KrakenTransportError('AddOrder', 'timeout', 'no response within 100 ms');
    const err = new KrakenOutcomeUnknown('AddOrder', { clOrdId: 'abc-1', userref: 7 }, cause);
    expect(err.message).toContain('cl_ord_id=abc-1');
    expect(err.message).toContain('userref=7');
    expect(err.cause).toBe(cause);
    expect(err.provesNotExecuted).toBe(false);
    expect(err.name).toBe('KrakenOutcomeUnknown');
  });

  it('only a connection that never opened proves a transport failure did not execute', () => {
    expect(new KrakenTransportError('AddOrder', 'not-sent', 'x').provesNotExecuted).toBe(true);
    for (const f of ['timeout', 'network', 'http-status', 'non-json', 'bad-envelope'] as const) {
      expect(new KrakenTransportError('AddOrder', f, 'x').provesNotExecuted).toBe(false);
    }
  });
});
