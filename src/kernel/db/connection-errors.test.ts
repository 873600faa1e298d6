import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../errors/catalog.ts';
import { isConnectionError, mapDatabaseError } from './connection-errors.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('connection-level database errors', () => {
  it.each([
    ['ECONNREFUSED', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['57P01 admin_shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['57P03 cannot_connect_now', pgError('57P03', 'the database system is starting up')],
    ['08006 connection_failure', pgError('08006')],
    ['Connection terminated', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['wrapped in cause', new Error('outer', { cause: pgError('ECONNRESET') })],
    ['AggregateError of refusals', new AggregateError([pgError('ECONNREFUSED')], 'all failed')],
  ])('maps %s to OMNIFY_ERR_DATABASE_UNAVAILABLE (503, operational)', (_, e) => {
    expect(isConnectionError(e)).toBe(true);
    const mapped = mapDatabaseError(e) as OmnifyError;
    expect(mapped).toBeInstanceOf(OmnifyError);
    expect(mapped).toMatchObject({ code: 'OMNIFY_ERR_DATABASE_UNAVAILABLE', status: 503, retryable: true });
    expect(mapped.cause).toBe(e);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value')],
    ['a syntax error', pgError('42601', 'syntax error at or near')],
    ['a deadlock', pgError('40P01', 'deadlock detected')],
    ['an application error', new OmnifyError('OMNIFY_ERR_VALIDATION')],
  ])('leaves %s alone', (_, e) => {
    expect(isConnectionError(e)).toBe(false);
    expect(mapDatabaseError(e)).toBe(e);
  });
});
