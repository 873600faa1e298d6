import { type FieldError, OmnifyError } from '../errors/catalog.ts';
import { checkOutboundUrl, type LookupFunction } from './ssrf.ts';

/** Options of the save-time URL checks. */
export interface UrlPolicyOptions {
  /** `OMNIFY_ALLOW_PRIVATE_URLS`: when true only the URL's form is checked. */
  allowPrivate: boolean;
  /** JSON pointer prefix of the fields in the request, e.g. `/config`. */
  pathPrefix?: string;
  /** DNS lookup (tests inject one); default `dns.lookup`. */
  lookup?: LookupFunction;
}

/**
 * Field errors for the outbound URL fields of a user-supplied `config` (`fields` names them; absent
 * or non-string values are skipped: the schema judges those). Each refused URL gives
 * `{path: <prefix>/<field>, message}` where the message names the address class and how to fix it
 * (see `checkOutboundUrl`). Empty when all may be called.
 */
export async function outboundUrlFieldErrors(
  config: unknown,
  fields: readonly string[],
  options: UrlPolicyOptions,
): Promise<FieldError[]> {
  if (!config || typeof config !== 'object') return [];
  const errors: FieldError[] = [];
  for (const field of fields) {
    const value = (config as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const problem = await checkOutboundUrl(value, {
      allowPrivate: options.allowPrivate,
      lookup: options.lookup,
    });
    if (problem) errors.push({ path: `${options.pathPrefix ?? ''}/${field}`, message: problem });
  }
  return errors;
}

/**
 * Throws `OMNIFY_ERR_VALIDATION` (400, `details.fields`) when any outbound URL field of `config` is
 * refused by `outboundUrlFieldErrors`; `what` names the thing saved in the message (e.g. `channel`).
 */
export async function assertOutboundUrls(
  config: unknown,
  fields: readonly string[],
  what: string,
  options: UrlPolicyOptions,
): Promise<void> {
  const errors = await outboundUrlFieldErrors(config, fields, options);
  if (errors.length > 0) {
    throw new OmnifyError(
      'OMNIFY_ERR_VALIDATION',
      `The ${what} config names a URL Omnify will not call: ${errors[0]!.message}`,
      { fields: errors },
    );
  }
}
