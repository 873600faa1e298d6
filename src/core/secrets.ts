/**
 * Masks secret fields of a config for display: keeps the last 4 characters of values longer than
 * 8, replaces the rest with '•'. Non-secret fields are returned as they are.
 */
export function maskSecrets(
  config: Record<string, unknown>,
  secretFields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const f of secretFields) {
    const v = out[f];
    if (typeof v === 'string') out[f] = v.length > 8 ? `••••${v.slice(-4)}` : '••••';
  }
  return out;
}

/** Replaces every occurrence of each secret value in `text` with '***' (for logs and recorded requests). */
export function redact(text: string, secrets: readonly unknown[]): string {
  let out = text;
  for (const s of secrets) {
    if (typeof s === 'string' && s.length >= 4) out = out.split(s).join('***');
  }
  return out;
}
