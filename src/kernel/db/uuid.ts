const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` has the shape of a UUID; anything else cannot be a row id (and would make PostgreSQL throw). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
