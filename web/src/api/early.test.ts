import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropEarly, EARLY_MAX_AGE_MS, takeEarly } from './early.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const answer = (status: number, body: string) => new Response(body, { status });

describe('early responses (index.html → API client)', () => {
  let now = 100;
  let asked: number;
  const fallback = async () => {
    asked++;
    return answer(200, 'fresh');
  };
  beforeEach(() => {
    asked = 0;
    now = 100;
    vi.stubGlobal('performance', { now: () => now });
    // As index.html does: a failed early request is handled (it is asked again when taken).
    const failed = Promise.reject(new TypeError('network'));
    failed.catch(() => {});
    vi.stubGlobal('window', {
      location: { origin: ORIGIN },
      __omnifyEarly: {
        at: 50,
        responses: {
          '/api/v1/auth/me': Promise.resolve(answer(200, 'me')),
          '/api/v1/conversations?limit=50&status=open': Promise.resolve(answer(200, 'list')),
          '/api/v1/channels': Promise.resolve(answer(401, 'signed out')),
          '/api/v1/setup': failed,
        },
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('hands a response over once, for exactly the same path and query', async () => {
    expect(takeEarly(`${ORIGIN}/api/v1/conversations?status=open&limit=50`, fallback)).toBeUndefined();
    expect(
      await (await takeEarly(`${ORIGIN}/api/v1/conversations?limit=50&status=open`, fallback))!.text(),
    ).toBe('list');
    expect(takeEarly(`${ORIGIN}/api/v1/conversations?limit=50&status=open`, fallback)).toBeUndefined();
    expect(takeEarly(`http://elsewhere.example/api/v1/auth/me`, fallback)).toBeUndefined();
    expect(asked).toBe(0);
  });

  it('asks again what failed or was not 2xx', async () => {
    expect(await (await takeEarly(`${ORIGIN}/api/v1/channels`, fallback))!.text()).toBe('fresh');
    expect(await (await takeEarly(`${ORIGIN}/api/v1/setup`, fallback))!.text()).toBe('fresh');
    expect(asked).toBe(2);
  });

  it('uses nothing older than the limit, nor anything after a state-changing request', async () => {
    now = 50 + EARLY_MAX_AGE_MS + 1;
    expect(takeEarly(`${ORIGIN}/api/v1/auth/me`, fallback)).toBeUndefined();
    now = 100;
    dropEarly();
    expect(takeEarly(`${ORIGIN}/api/v1/conversations?limit=50&status=open`, fallback)).toBeUndefined();
  });

  it('does nothing when the page did not start any (no index.html script)', () => {
    vi.stubGlobal('window', { location: { origin: ORIGIN } });
    expect(takeEarly(`${ORIGIN}/api/v1/auth/me`, fallback)).toBeUndefined();
    dropEarly();
  });
});
