import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, inlineScriptCode, jsonForScript, raw } from '../../src/report/html.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('leaves no markup character behind and decodes back to the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        const decoded = e.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, (m) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[m] as string);
        expect(decoded).toBe(s);
      }),
    );
  });
});

describe('jsonForScript', () => {
  it('round-trips any JSON value and never contains <, >, &, U+2028 or U+2029', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = jsonForScript(v);
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('cannot close the script element it sits in', () => {
    const text = jsonForScript({ program: '</script><script>alert(1)</script><!--', sep: '\u2028\u2029' });
    expect(text.toLowerCase()).not.toContain('</script');
    expect(text).not.toContain('<!--');
    expect(JSON.parse(text)).toEqual({ program: '</script><script>alert(1)</script><!--', sep: '\u2028\u2029' });
  });

  it('writes non-finite numbers as null', () => {
    expect(jsonForScript({ a: Infinity, b: -Infinity, c: NaN, d: 1.5 })).toBe('{"a":null,"b":null,"c":null,"d":1.5}');
  });
});

describe('inlineScriptCode', () => {
  it('accepts ordinary code and refuses code that would end or confuse the element', () => {
    expect(inlineScriptCode('var a = 1 < 2;', 'ok')).toBe('var a = 1 < 2;');
    expect(() => inlineScriptCode('var s = "</SCRIPT>";', 'bad')).toThrow(/bad cannot be inlined/);
    expect(() => inlineScriptCode('var s = "<!--";', 'bad')).toThrow(/cannot be inlined/);
  });
});

describe('html template', () => {
  it('escapes interpolated strings and numbers, keeps Html values and flattens arrays', () => {
    const name = '<b onclick="x">';
    const out = html`<p title="${name}">${name}${raw('<i>ok</i>')}${[1, '<', html`<br>`]}${undefined}${false}</p>`;
    expect(out.text).toBe('<p title="&lt;b onclick=&quot;x&quot;&gt;">&lt;b onclick=&quot;x&quot;&gt;<i>ok</i>1&lt;<br></p>');
  });
});
