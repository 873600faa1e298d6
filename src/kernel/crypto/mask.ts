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
