import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/** Sandbox bot identity in the answers (Slack `bot_id` / bot user id shapes). */
const SANDBOX_BOT = { bot_id: 'B0SANDBOX', user: 'U0SANDBOX' } as const;

/** Sequence of the microsecond part of the `ts` values the emulator hands out (unique per process). */
let sequence = 0;

const fail = (error: string, status = 200): EmulatorResponse => ({ status, body: { ok: false, error } });

/**
 * The sandbox's Slack Web API: answers `POST /chat.postMessage` in the real shapes
 * (docs.slack.dev/reference/methods/chat.postMessage): `{ok: true, channel, ts, message}` with a fresh
 * `ts` (`"<unix seconds>.<6 digits>"`) and the message echoed (`thread_ts` kept). Errors come as
 * Slack sends them, HTTP 200 `{ok: false, error}`: no `Authorization: Bearer` → `not_authed`; no
 * `channel` → `channel_not_found`; no `text` → `no_text`; a `thread_ts` that is not a ts →
 * `invalid_thread_ts`. `GET /users.info?user=U…` answers a user named after the id
 * (docs.slack.dev/reference/methods/users.info: `{ok: true, user: {id, name, real_name, profile}}`),
 * `user_not_found` without one. Any other method → HTTP 404 `unknown_method`.
 */
export function emulateSlack(req: EmulatorRequest): EmulatorResponse {
  const path = req.path.split('?')[0];
  if (req.method.toUpperCase() === 'GET' && path === '/users.info') return usersInfo(req);
  if (req.method.toUpperCase() !== 'POST' || path !== '/chat.postMessage') return fail('unknown_method', 404);
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return fail('not_authed');
  const channel = stringField(req.body, 'channel');
  if (!channel) return fail('channel_not_found');
  const text = stringField(req.body, 'text');
  if (!text || text.trim() === '') return fail('no_text');
  const threadTs = field(req.body, 'thread_ts');
  if (threadTs !== undefined && (typeof threadTs !== 'string' || !/^\d+\.\d+$/.test(threadTs))) {
    return fail('invalid_thread_ts');
  }
  sequence = (sequence + 1) % 1_000_000;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  return {
    status: 200,
    body: {
      ok: true,
      channel,
      ts,
      message: {
        type: 'message',
        ...SANDBOX_BOT,
        text,
        ts,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      },
    },
  };
}

function usersInfo(req: EmulatorRequest): EmulatorResponse {
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return fail('not_authed');
  const user = new URLSearchParams(req.path.split('?')[1] ?? '').get('user');
  if (!user) return fail('user_not_found');
  const realName = `Sandbox user ${user}`;
  return {
    status: 200,
    body: {
      ok: true,
      user: {
        id: user,
        name: user.toLowerCase(),
        real_name: realName,
        profile: { display_name: '', real_name: realName },
      },
    },
  };
}
