import { Scenario, System, directory, eventually, startSystem } from '@connect/testing';

// Events between real apps over the real broker: connection-service announces a connection,
// sync-service follows it and reports progress (S8), connection-service shows that progress (C12).
describe('sync-service follows connections (S6, S8)', () => {
  let system: System;
  let s: Scenario;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service', 'sync-service'] });
    s = await directory(system).scenario();
  });
  afterAll(() => system?.stop());

  it('reports an established connection as idle, and a disconnected one as stopped', async () => {
    const api = system.api(s.connector.token);
    const created = await api.post(`/projects/${s.downstream.projectId}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', sync: { state: 'idle' } });
    const id = created.body.id;

    const reported = await eventually(() => api.get(`/connections/${id}`), (r) => r.body.sync.lastSyncedAt !== null && r.body.sync.state === 'idle');
    expect(reported.body.sync).toMatchObject({ state: 'idle', revisionsTotal: 0, revisionsFailed: 0, lastSyncedAt: expect.any(String) });

    const gone = await api.post(`/connections/${id}/disconnect`, { acceptTerms: true, reason: 'project handed over' });
    expect(gone.status).toBe(200);
    const stopped = await eventually(() => api.get(`/connections/${id}`), (r) => r.body.sync.state === 'stopped');
    expect(stopped.body.sync.state).toBe('stopped');

    // Seen from the upstream side too (C12).
    const list = await system.api(s.upstreamAdmin.token).get(`/projects/${s.upstream.projectId}/connections`);
    expect(list.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({ role: 'upstream', sync: { state: 'stopped' } });
  });
});
