/**
 * The one secret redaction of Omnify: used for log lines, error messages and details, and the
 * sandbox's record of what would have been sent. Two layers:
 *
 * 1. Known secret values passed by the caller (a channel's token, an agent's API key): every
 *    occurrence of each string of 4 characters or more is replaced.
 * 2. Secret shapes, whoever wrote them: Telegram bot tokens in URL paths (`/bot<id>:<token>/`, Bot API
 *    "Making requests"), `Authorization`/`Proxy-Authorization` header values and bare
 *    `Bearer`/`Basic` credentials (RFC 9110 §11.6.2), and credential query or form parameters
 *    (`access_token`, `refresh_token`, `client_secret`, `api_key`, `key`, `token`, `password`, …, as
 *    OAuth 2.0 RFC 6749/6750 and the Graph API name them), also as JSON members.
 */

/** What every redacted value is replaced with (the same marker as the HTTP server's log redaction). */
export const REDACTED = '[redacted]';

const CREDENTIAL_PARAMS =
  'access_token|refresh_token|id_token|client_secret|api_key|apikey|api-key|key|token|secret|password|passwd|signature|sig|code';

const PATTERNS: readonly [RegExp, string][] = [
  // Telegram: https://api.telegram.org/bot123456:ABC-DEF/sendMessage (the token is `<digits>:<chars>`).
  [/\/bot\d+:[A-Za-z0-9_-]+/g, `/bot${REDACTED}`],
  // Header lines and JSON members named like an authorization header.
  [
    /((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;}]+/gi,
    `$1${REDACTED}`,
  ],
  // Bare scheme credentials in free text.
  [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // Query and form parameters: ?access_token=…&key=…
  [new RegExp(`([?&;](?:${CREDENTIAL_PARAMS})=)[^&#\\s"']*`, 'gi'), `$1${REDACTED}`],
  // JSON members: "access_token": "…"
  [new RegExp(`("(?:${CREDENTIAL_PARAMS})"\\s*:\\s*")[^"]*`, 'gi'), `$1${REDACTED}`],
  // URL user info: https://user:pass@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
];

/**
 * `text` with every known secret value (`secrets`: strings shorter than 4 characters and
 * non-strings are ignored, as they would match everywhere) and every secret shape (see the module
 * comment) replaced by `[redacted]`. Pure; never throws.
 */
export function redact(text: string, secrets: readonly unknown[] = []): string {
  let out = text;
  const known = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(REDACTED);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Header names whose values are always secrets (compared lower-case). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'developer-token',
  'x-hub-signature-256',
  'x-omnify-signature',
  'x-telegram-bot-api-secret-token',
]);

/**
 * A copy of `headers` (names lower-cased) fit for logs and records: values of secret headers
 * (Authorization, cookies, API keys, signatures) become `[redacted]`, the others go through `redact`.
 */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly unknown[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const v = Array.isArray(value) ? value.join(', ') : value;
    out[key] = SECRET_HEADERS.has(key) ? REDACTED : redact(v, secrets);
  }
  return out;
}
