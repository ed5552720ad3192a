import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridPoints, paramsKey, parseParamItem, parseParamSpace, randomPoints } from '../../../src/research/sweep/param-space.ts';

describe('parameter items', () => {
  it.each([
    ['fast=5:20:5', ['fast', ['5', '10', '15', '20']]],
    ['slow=20,40,80', ['slow', ['20', '40', '80']]],
    ['k=1:3', ['k', ['1', '2', '3']]],
    ['band=0.1:0.3:0.1', ['band', ['0.1', '0.2', '0.3']]],
    ['mode=a', ['mode', ['a']]],
  ])('%s', (item, expected) => expect(parseParamItem(item)).toEqual(expected));

  it.each([
    ['fast', /must look like name=/],
    ['fast=', /no values/],
    ['fast=10:5', /not a range/],
    ['fast=1:5:0', /not a range/],
    ['fast=a:b', /not a range/],
  ])('rejects %s', (item, message) => expect(() => parseParamItem(item)).toThrow(message));

  it('rejects a parameter given twice', () => expect(() => parseParamSpace(['a=1', 'a=2'])).toThrow(/given twice/));
});

const spaceArb = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.uniqueArray(fc.integer({ min: 0, max: 50 }).map(String), { minLength: 1, maxLength: 5 }), { minKeys: 1 });

describe('grid and random search', () => {
  it('the grid is every combination, once', () => {
    fc.assert(fc.property(spaceArb, (space) => {
      const grid = gridPoints(space);
      const size = Object.values(space).reduce((n, v) => n * v.length, 1);
      expect(grid).toHaveLength(size);
      expect(new Set(grid.map(paramsKey)).size).toBe(size);
    }));
  });

  it('random search draws distinct grid points, the same ones for the same seed', () => {
    fc.assert(fc.property(spaceArb, fc.integer({ min: 1, max: 200 }), fc.integer(), (space, n, seed) => {
      const a = randomPoints(space, n, seed);
      const grid = new Set(gridPoints(space).map(paramsKey));
      expect(a).toHaveLength(Math.min(n, grid.size));
      expect(new Set(a.map(paramsKey)).size).toBe(a.length);
      for (const p of a) expect(grid.has(paramsKey(p))).toBe(true);
      expect(randomPoints(space, n, seed)).toEqual(a);
    }));
  });

  it('paramsKey does not depend on key order', () => expect(paramsKey({ b: '2', a: '1' })).toBe(paramsKey({ a: '1', b: '2' })));
});
