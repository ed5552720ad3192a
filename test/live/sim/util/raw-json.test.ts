import { describe, expect, it } from 'vitest';
import { raw, toJson } from '../../../../src/live/sim/util/raw-json.ts';

describe('toJson', () => {
  it('writes raw numbers and bigints verbatim and drops undefined fields', () => {
    const text = toJson({ price: raw('29430.0'), qty: raw('0.00100000'), id: 13834774380200032777n, skip: undefined, list: [1, 'a', null] });
    expect(text).toBe('{"price":29430.0,"qty":0.00100000,"id":13834774380200032777,"list":[1,"a",null]}');
  });

  it('rejects text that is not a JSON number', () => {
    expect(() => raw('1,5')).toThrow(/not a JSON number/);
  });
});
