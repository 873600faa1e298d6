import { FormatRegistry } from '@sinclair/typebox';

/**
 * String formats that TypeBox's `Value.Check` understands (it rejects unregistered formats).
 * Imported once by every module that validates with TypeBox outside Fastify (which uses Ajv).
 */
const URI = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

if (!FormatRegistry.Has('uri')) {
  FormatRegistry.Set('uri', (v) => {
    if (!URI.test(v)) return false;
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  });
}
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));
