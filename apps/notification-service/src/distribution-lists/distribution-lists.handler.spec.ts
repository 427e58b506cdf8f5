import { Actor } from '@connect/contracts';
import { normaliseEmails, requireConnectionManager } from './distribution-lists.handler';

const actor = (connectionManager: 'none' | 'read_only' | 'admin'): Actor => ({
  userId: 'u1',
  email: 'u1@example.com',
  name: 'U One',
  companies: [{ companyId: 'c1', admin: false }],
  memberships: [{ projectId: 'p1', companyId: 'c1', connectionManager, drawings: 'read_only' }],
});

describe('N1 distribution list rules', () => {
  it('lets Connection Manager read_only and admin read, only admin edit', () => {
    expect(() => requireConnectionManager(actor('read_only'), 'p1', 'read_only')).not.toThrow();
    expect(() => requireConnectionManager(actor('admin'), 'p1', 'admin')).not.toThrow();
    expect(() => requireConnectionManager(actor('read_only'), 'p1', 'admin')).toThrow(expect.objectContaining({ code: 'PERMISSION_REQUIRED' }));
    expect(() => requireConnectionManager(actor('none'), 'p1', 'read_only')).toThrow(expect.objectContaining({ code: 'PERMISSION_REQUIRED' }));
  });

  it('treats a project the actor is not a member of as not found', () => {
    expect(() => requireConnectionManager(actor('admin'), 'p2', 'read_only')).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_FOUND' }));
  });

  it('keeps each address once, lower-cased, in the order given', () => {
    expect(normaliseEmails([' PM@Apex.example', 'site@apex.example', 'pm@apex.example'])).toEqual(['pm@apex.example', 'site@apex.example']);
  });
});
