import { describe, expect, it } from 'vitest';
import type { Me } from '../auth/me';
import { projectTools } from './ProjectLayout';
import { groupProjectsByCompany } from './ProjectsPage';

const perms = (connectionManager: 'none' | 'read_only' | 'admin', drawings: 'none' | 'read_only' | 'standard' | 'admin') => ({ connectionManager, drawings });

describe('projects', () => {
  it('groups the projects of GET /me by company, both by name', () => {
    const me: Me = {
      id: 'u1',
      email: 'b@x',
      name: 'Bob',
      companies: [
        { id: 'c2', name: 'Ridge Electrical', admin: false },
        { id: 'c1', name: 'Acme GC', admin: false },
      ],
      projects: [
        { id: 'p3', companyId: 'c2', name: 'Tower – Electrical', permissions: perms('admin', 'admin') },
        { id: 'p1', companyId: 'c1', name: 'Tower', permissions: perms('none', 'read_only') },
        { id: 'p2', companyId: 'c1', name: 'Annex', permissions: perms('none', 'read_only') },
      ],
    };
    expect(groupProjectsByCompany(me).map((g) => [g.companyName, g.projects.map((p) => p.name)])).toEqual([
      ['Acme GC', ['Annex', 'Tower']],
      ['Ridge Electrical', ['Tower – Electrical']],
    ]);
  });

  it('shows a tool only with a permission other than none', () => {
    const tools = (cm: 'none' | 'admin', dr: 'none' | 'read_only') =>
      projectTools({ id: 'p', companyId: 'c', name: 'P', permissions: perms(cm, dr) }).map((t) => t.label);
    expect(tools('admin', 'read_only')).toEqual(['Connection Manager', 'Drawings', 'Notifications']);
    expect(tools('none', 'read_only')).toEqual(['Drawings', 'Notifications']);
    expect(tools('admin', 'none')).toEqual(['Connection Manager', 'Notifications']);
  });
});
