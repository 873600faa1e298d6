import { describe, expect, it } from 'vitest';
import { assertRouteCovered, forbiddenMessage, requiredRole, roleAtLeast } from './access.ts';

describe('the access table', () => {
  it('finds the least role of a route pattern; HEAD follows GET; anything unlisted is undefined', () => {
    expect(requiredRole('GET', '/api/v1/channels/:id')).toBe('viewer');
    expect(requiredRole('HEAD', '/api/v1/channels/:id')).toBe('viewer');
    expect(requiredRole('POST', '/api/v1/conversations/:id/messages')).toBe('agent');
    expect(requiredRole('POST', '/api/v1/intelligence/demo')).toBe('admin');
    expect(requiredRole('DELETE', '/api/v1/api-keys/:id')).toBe('owner');
    expect(requiredRole('POST', '/api/v1/workspaces')).toBe('instance-owner');
    expect(requiredRole('POST', '/api/v1/auth/login')).toBe('public');
    expect(requiredRole('GET', '/api/v1/auth/me')).toBe('session');
    expect(requiredRole('PATCH', '/api/v1/users/:id')).toBe('owner');
    expect(requiredRole('POST', '/api/v1/invitations')).toBe('admin');
    expect(requiredRole('GET', '/api/v1/workspace')).toBe('viewer');
    expect(requiredRole('PATCH', '/api/v1/workspace')).toBe('admin');
    expect(requiredRole('PATCH', '/api/v1/intelligence/ads/accounts/:id')).toBe('admin');
    expect(requiredRole('GET', '/api/v1/intelligence/known-events')).toBe('viewer');
    expect(requiredRole('POST', '/api/v1/intelligence/known-events')).toBe('admin');
    expect(requiredRole('PATCH', '/api/v1/intelligence/known-events/:id')).toBe('admin');
    expect(requiredRole('DELETE', '/api/v1/intelligence/known-events/:id')).toBe('admin');
    expect(requiredRole('PUT', '/api/v1/channels/:id')).toBeUndefined();
    expect(requiredRole('GET', '/api/v1/constructor')).toBeUndefined();
    expect(requiredRole('GET', '/webhooks/:channelId')).toBeUndefined();
  });

  it('refuses to register an /api/v1 route missing from the table, and ignores other routes', () => {
    expect(() => assertRouteCovered(['GET', 'HEAD'], '/api/v1/secret-things')).toThrow(/access table/);
    expect(() => assertRouteCovered('POST', '/api/v1/channels/:id')).toThrow(/POST \/api\/v1\/channels\/:id/);
    expect(() => assertRouteCovered(['GET', 'HEAD'], '/api/v1/channels')).not.toThrow();
    expect(() => assertRouteCovered('POST', '/webhooks/:channelId')).not.toThrow();
  });

  it('orders roles owner > admin > agent > viewer and names the role in the 403 message', () => {
    expect([
      roleAtLeast('owner', 'admin'),
      roleAtLeast('agent', 'agent'),
      roleAtLeast('viewer', 'agent'),
    ]).toEqual([true, true, false]);
    expect(forbiddenMessage('admin')).toBe('This needs the admin role or higher.');
    expect(forbiddenMessage('instance-owner')).toContain('first workspace');
    expect(forbiddenMessage('session')).toContain('signed-in user');
  });
});
