import sanitizeHtml from 'sanitize-html';

/*
 * The HTML of a received e-mail made safe to show: an allowlist of formatting with sanitize-html
 * (parsed by htmlparser2, so what is kept is re-serialized, never copied as it came). Nothing that
 * runs (scripts, event handlers, `javascript:` links, forms) survives, and nothing loads from the
 * network: remote images are dropped and counted, CSS that could fetch (`url()`, `@import`) is not
 * kept. The web app also shows the result inside a sandboxed iframe with a CSP that allows only
 * `data:` images (docs/inbox.md, "Viewing the original"), so one mistake here is not enough.
 */

/** A colour as CSS or `<font color>` gives it: `#rgb`…`#rrggbbaa`, `rgb()`/`rgba()`, a keyword. */
const COLOR = [
  /^#[0-9a-f]{3,8}$/i,
  /^rgba?\(\s*\d{1,3}%?\s*(,\s*\d{1,3}%?\s*){2}(,\s*(0|1|0?\.\d{1,3})\s*)?\)$/i,
  /^[a-z]{3,24}$/i,
];

/** The inline style properties kept, each with the values it may have (whole value, anchored). */
const STYLES: Record<string, RegExp[]> = {
  color: COLOR,
  'background-color': COLOR,
  'text-align': [/^(left|right|center|justify|start|end)$/i],
  'font-weight': [/^(normal|bold|bolder|lighter|[1-9]00)$/i],
  'font-style': [/^(normal|italic|oblique)$/i],
  'text-decoration': [/^(none|underline|overline|line-through)(\s+(underline|overline|line-through))*$/i],
};

const TAGS = [
  ...['p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'sub', 'sup', 'font'],
  ...['blockquote', 'pre', 'code', 'ul', 'ol', 'li', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'a', 'img'],
];

const ALIGN = { name: 'align', values: ['left', 'right', 'center', 'justify'] };
const CELL = ['colspan', 'rowspan', 'width', ALIGN, { name: 'valign', values: ['top', 'middle', 'bottom'] }];

/**
 * Elements dropped with everything inside them (the others that are not allowed lose only their
 * tags, their text stays): raw text and code (sanitize-html's default list, which this replaces),
 * the head's title, embedded documents, vector graphics and form controls.
 */
const DROPPED_WITH_CONTENT = [
  ...['script', 'style', 'textarea', 'option', 'xmp', 'title', 'template', 'noembed', 'noframes'],
  ...['svg', 'math', 'iframe', 'frameset', 'object', 'embed', 'applet', 'select'],
];

/** Pictures kept in place: data URIs of the formats every browser shows, nothing that can run. */
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]*$/i;

/** A URL as a browser reads it: ASCII whitespace and control characters are ignored. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what browsers skip in a URL
const compact = (url: string | undefined) => (url ?? '').replace(/[\u0000-\u0020\u007f]+/g, '');

/** A URL that a browser would fetch from the network: `http(s):`, or scheme-relative `//host`. */
const isRemote = (url: string) => /^(https?:|[\\/]{2})/i.test(compact(url));

/** What an image that is not kept turns into: kept images always have a `src`. */
const DROPPED_IMAGE = '<img />';

/** How the `alt` text of an inline (`cid:`) image shows in its place. */
const CID_ALT_STYLE = 'font-style:italic';

/**
 * Deepest element nesting read. htmlparser2 keeps its open elements in an array it `unshift`s, so each
 * start tag costs the current depth: 170,000 unclosed `<b>` (a 512 KiB body) took 10 s of the event
 * loop. Chromium's parser nests no deeper than 512 either; at this depth reading stops.
 */
const MAX_DEPTH = 512;

/** Thrown from the parser's callbacks to stop reading HTML nested deeper than {@link MAX_DEPTH}. */
const TOO_DEEP = new Error('HTML nested too deep');

/** What {@link sanitizeEmailHtml} returns. */
export interface SanitizedEmailHtml {
  /**
   * The HTML fragment that is safe to show (no `<html>`, `<head>` or `<body>`); null when the HTML
   * nests elements deeper than 512 (no mail does; reading on would block the server for seconds).
   */
  html: string | null;
  /** `<img>` elements with a remote address (`http:`, `https:`, `//`), dropped unloaded. */
  remoteImagesBlocked: number;
}

/**
 * Sanitizes an e-mail's HTML for display with sanitize-html (`sanitizeHtml(html, options)`), keeping
 * ordinary formatting only:
 *
 * - elements: p, br, div, span, b, strong, i, em, u, s, small, sub, sup, font (`color`), blockquote,
 *   pre, code, ul, ol, li, hr, h1–h6, table, caption, thead, tbody, tfoot, tr, td/th (`colspan`,
 *   `rowspan`, `width`, `align`, `valign`), a, img; other elements lose their tags and keep their
 *   text, except script, style, title, svg, math, iframe, object, embed, form controls' options and
 *   the like, which go with their content; comments (Outlook's conditional ones too) go;
 * - attributes: no event handler, no `class` or `id`; `style` keeps only color, background-color,
 *   text-align, font-weight, font-style and text-decoration, each with a value matching a strict
 *   pattern (so no `url()`, `expression()` or `@import`);
 * - links: `href` only when it is `http:`, `https:` or `mailto:` (whitespace and control characters
 *   inside the scheme are seen through), and every link gets `target="_blank"` and
 *   `rel="noopener noreferrer nofollow"`;
 * - images: remote ones (`http:`, `https:`, `//…`, in `src` or `srcset`) are dropped and counted
 *   (tracking pixels learn nothing), `cid:` ones (parts of the mail, not kept) are replaced by their
 *   `alt` text, `data:` images of type png, jpeg, gif or webp stay (with `alt`, `width`, `height`),
 *   any other source is dropped.
 *
 * Pure and synchronous; never throws on any input (unparsable markup is read as htmlparser2 reads
 * it, an unparsable style attribute is dropped). HTML nested deeper than 512 elements gives a null
 * `html`: reading stops there, in time linear in the input.
 */
export function sanitizeEmailHtml(html: string): SanitizedEmailHtml {
  const seen = { remoteImages: 0, depth: 0 };
  try {
    const safe = sanitizeHtml(html, optionsCounting(seen));
    // Text and attribute values are escaped, so `<` only ever starts a tag: removing one joins no tag.
    return { html: safe.replaceAll(DROPPED_IMAGE, ''), remoteImagesBlocked: seen.remoteImages };
  } catch (e) {
    if (e === TOO_DEEP) return { html: null, remoteImagesBlocked: 0 };
    throw e;
  }
}

/** sanitize-html's options, counting the remote images dropped and the parser's depth into `seen`. */
function optionsCounting(seen: { remoteImages: number; depth: number }): sanitizeHtml.IOptions {
  return {
    allowedTags: TAGS,
    allowedAttributes: {
      '*': ['style'],
      a: ['href', 'title', 'target', 'rel'],
      font: ['color'],
      img: ['src', 'alt', 'width', 'height'],
      p: [ALIGN],
      div: [ALIGN],
      table: ['width', 'border', 'cellpadding', 'cellspacing', ALIGN],
      td: CELL,
      th: CELL,
    },
    allowedStyles: { '*': STYLES },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    // Called for every start and end tag the parser reads, implied ones included: `depth` is its stack's.
    onOpenTag: () => {
      if (++seen.depth > MAX_DEPTH) throw TOO_DEEP;
    },
    onCloseTag: () => {
      seen.depth--;
    },
    transformTags: {
      a: (_tag, { href, target: _target, rel: _rel, ...rest }) => {
        const ok = href !== undefined && /^(https?:|mailto:)/i.test(compact(href));
        return {
          tagName: 'a',
          attribs: {
            ...rest,
            ...(ok ? { href, target: '_blank', rel: 'noopener noreferrer nofollow' } : {}),
          },
        };
      },
      // An image that is not kept becomes a bare `<img />`, removed from the output (renaming it to a
      // disallowed tag would leave that name on the next sibling's end tag; an exclusiveFilter cuts
      // the output string once per image, slow for thousands of pixels).
      img: (_tag, { src = '', srcset = '', ...rest }): sanitizeHtml.Tag => {
        if (DATA_IMAGE.test(compact(src))) return { tagName: 'img', attribs: { ...rest, src: compact(src) } };
        if (isRemote(src) || srcset.split(',').some(isRemote)) {
          seen.remoteImages++;
          return { tagName: 'img', attribs: {} };
        }
        const alt = rest.alt?.trim();
        if (alt && /^cid:/i.test(compact(src)))
          return { tagName: 'span', attribs: { style: CID_ALT_STYLE }, text: alt };
        return { tagName: 'img', attribs: {} };
      },
      font: (_tag, { color, ...rest }) => ({
        tagName: 'font',
        attribs: { ...rest, ...(color && COLOR.some((re) => re.test(color)) ? { color } : {}) },
      }),
    },
  };
}
