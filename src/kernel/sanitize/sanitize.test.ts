import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, sanitizeInput, sanitizePayload, TRUNCATED_MARKER } from './json.ts';
import { needsSanitizing, sanitizeText } from './text.ts';

const nest = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('sanitizeText', () => {
  it('removes NUL and replaces lone surrogates, keeps pairs', () => {
    expect(sanitizeText('a\u0000b')).toBe('ab');
    expect(sanitizeText('x\uD800y')).toBe('x\uFFFDy');
    expect(sanitizeText('\uDC00')).toBe('\uFFFD');
    expect(sanitizeText('end\uD83D')).toBe('end\uFFFD');
    expect(sanitizeText('ok 👍 \uD83D\uDC4D')).toBe('ok 👍 \uD83D\uDC4D');
    expect(needsSanitizing('plain')).toBe(false);
  });

  it('always yields text that UTF-8 round-trips and holds no NUL (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = sanitizeText(s);
        expect(out.includes('\u0000')).toBe(false);
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
        expect(sanitizeText(out)).toBe(out);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('sanitizeInput / sanitizePayload', () => {
  it('cleans strings and keys in place, never through __proto__', () => {
    const body = JSON.parse(
      '{"n\\u0000ame":"a\\u0000\\ud800","__proto__":{"x":"\\u0000"},"list":["\\udc00"]}',
    );
    const out = sanitizeInput(body, 'body') as Record<string, unknown>;
    expect(out.name).toBe('a\uFFFD');
    expect(Object.hasOwn(out, 'n\u0000ame')).toBe(false);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: '' });
    expect(out.list).toEqual(['\uFFFD']);
  });

  it('accepts 64 levels and refuses 65 with a typed 400 pointing at the spot', () => {
    expect(() => sanitizeInput(nest(MAX_JSON_DEPTH), 'body')).not.toThrow();
    let caught: any;
    try {
      sanitizeInput({ deep: nest(MAX_JSON_DEPTH) }, 'body');
    } catch (e) {
      caught = e;
    }
    expect(caught?.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(caught?.status).toBe(400);
    expect(caught?.details.fields[0].path).toMatch(/^\/body\/deep\/0\/a\//);
  });

  it('cuts too-deep webhook subtrees with a marker and keeps the rest', () => {
    const payload = { keep: 'x\u0000', deep: nest(5000) };
    const { value, truncated } = sanitizePayload(payload);
    expect(value.keep).toBe('x');
    expect(truncated).toHaveLength(1);
    expect(JSON.stringify(value)).toContain(TRUNCATED_MARKER);
    expect(() => JSON.stringify(value)).not.toThrow();
  });

  it('cleans query-string objects, whose prototype has a null prototype (as Fastify parses them)', () => {
    const query = Object.create(Object.create(null)) as Record<string, unknown>;
    query.q = 'a\u0000b';
    query.list = ['x\ud800'];
    expect(sanitizeInput(query, 'querystring')).toEqual(
      Object.assign(Object.create(Object.create(null)), { q: 'ab', list: ['x\ufffd'] }),
    );
    expect(query.q).toBe('ab');
  });

  it('leaves Buffers alone', () => {
    const buf = Buffer.from([0, 1, 2]);
    expect(sanitizeInput(buf, 'body')).toBe(buf);
    expect([...buf]).toEqual([0, 1, 2]);
  });
});
