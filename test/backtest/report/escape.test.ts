import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../../src/backtest/report/escape.ts';

describe('escapeHtml', () => {
  it.each([
    { text: 'BTC/USD', want: 'BTC/USD' },
    { text: '<img src=x onerror=alert(1)>', want: '&lt;img src=x onerror=alert(1)&gt;' },
    { text: `a & "b" 'c'`, want: 'a &amp; &quot;b&quot; &#39;c&#39;' },
    { text: '&amp;', want: '&amp;amp;' },
  ])('$text', ({ text, want }) => {
    expect(escapeHtml(text)).toBe(want);
  });
});

describe('jsonForScript', () => {
  const nasty = { pair: '</script><script>alert(1)</script>', note: '<!-- x -->', amp: 'a&b', sep: 'x\u2028y\u2029z' };
  it('leaves nothing that could end the script element or open a comment', () => {
    const json = jsonForScript(nasty);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
  });
  it('parses back to the same value', () => {
    expect(JSON.parse(jsonForScript(nasty))).toEqual(nasty);
  });
});
