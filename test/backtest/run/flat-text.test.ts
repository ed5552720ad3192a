import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatText } from '../../../src/backtest/run/flat-text.ts';

describe('flatText', () => {
  it('gives the same text for a reason built by concatenation', () => {
    const qty = (0.000009189783).toString();
    const reason = `below-minimum: ${qty} USD buys about 0 SYN at ${921.7}: quantity 0 is below the minimum 0 SYN`;
    expect(flatText(reason)).toBe(reason);
  });

  it('property: any string, lone surrogates and controls included, comes back unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\ud800', '\udfff', '\u0000', '"', '\\')), { maxLength: 8 }), (parts) => {
        const s = parts.reduce((a, b) => a + b, '');
        expect(flatText(s)).toBe(s);
      }),
      { seed: 1407, numRuns: 300 },
    );
  });
});
