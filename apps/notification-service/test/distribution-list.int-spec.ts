import { PERMISSIONS, Scenario, System, directory, eventually, startSystem } from '@connect/testing';

// N1: each project has a Connection Manager email distribution list; it starts as the project's
// Connection Manager admins; Connection Manager admins can edit it.
describe('connection settings: the distribution list (N1)', () => {
  let system: System;
  let s: Scenario;
  let path: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'notification-service'] });
    s = await directory(system).scenario();
    path = `/projects/${s.downstream.projectId}/connection-settings`;
  });
  afterAll(() => system?.stop());

  it("starts as the project's Connection Manager admins, following membership changes until edited", async () => {
    const admins = [s.connector.email, s.downstreamAdmin.email].map((e) => e.toLowerCase()).sort();
    const res = await eventually(() => system.api(s.downstreamMember.token).get(path), (r) => r.status === 200 && r.body.distributionList.length === 2);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ distributionList: admins });

    // A new CM admin joins the list; a read_only member (the viewer) never does.
    const newcomer = await directory(system).userWithToken('New CM Admin', [[s.downstream.projectId, PERMISSIONS.admin]]);
    const grown = await eventually(() => system.api(s.downstreamAdmin.token).get(path), (r) => r.body.distributionList.length === 3);
    expect(grown.body.distributionList).toEqual([...admins, newcomer.email.toLowerCase()].sort());
    expect(grown.body.distributionList).not.toContain(s.viewer.email.toLowerCase());
  });

  it('can be replaced by a Connection Manager admin, and then stays as edited', async () => {
    const edited = await system.api(s.downstreamAdmin.token).put(path, { distributionList: ['Site-Office@Apex.example', 'pm@apex.example', 'site-office@apex.example'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ distributionList: ['site-office@apex.example', 'pm@apex.example'] });
    // A CM admin who joins both projects: once the unedited upstream list shows them, the replica has
    // seen the membership, and the edited downstream list must still not.
    const later = await directory(system).userWithToken('Later CM Admin', [
      [s.downstream.projectId, PERMISSIONS.admin],
      [s.upstream.projectId, PERMISSIONS.admin],
    ]);
    const upstream = await eventually(
      () => system.api(s.upstreamAdmin.token).get(`/projects/${s.upstream.projectId}/connection-settings`),
      (r) => r.body.distributionList?.includes(later.email.toLowerCase()),
    );
    expect(upstream.body.distributionList).toContain(later.email.toLowerCase());
    const read = await system.api(s.viewer.token).get(path);
    expect(read.body).toEqual({ distributionList: ['site-office@apex.example', 'pm@apex.example'] });
  });

  it('audits every edit: who, when, the list before and after (N1)', async () => {
    const before = Date.now();
    const second = await system.api(s.downstreamAdmin.token).put(path, { distributionList: ['pm@apex.example'] });
    expect(second.status).toBe(200);
    const changes = await system.api(s.viewer.token).get(`${path}/changes`);
    expect(changes.status).toBe(200);
    // The first edit (previous test) replaced the unedited list, i.e. the CM admins of that moment.
    const admins = [s.connector.email, s.downstreamAdmin.email].map((e) => e.toLowerCase());
    expect(changes.body).toHaveLength(2);
    expect(changes.body[0]).toEqual({ changedBy: s.downstreamAdmin.id, changedAt: expect.any(String), before: expect.arrayContaining(admins), after: ['site-office@apex.example', 'pm@apex.example'] });
    expect(changes.body[1]).toEqual({ changedBy: s.downstreamAdmin.id, changedAt: expect.any(String), before: ['site-office@apex.example', 'pm@apex.example'], after: ['pm@apex.example'] });
    expect(Date.parse(changes.body[1].changedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(changes.body[1].changedAt)).toBeGreaterThanOrEqual(Date.parse(changes.body[0].changedAt));
    const uploader = await directory(system).userWithToken('Drawings only too', [[s.downstream.projectId, PERMISSIONS.uploader]]);
    expect((await system.api(uploader.token).get(`${path}/changes`)).status).toBe(403);
    expect((await system.api(s.outsider.token).get(`${path}/changes`)).status).toBe(404);
    expect((await system.api().get(`${path}/changes`)).status).toBe(401);
  });

  it('refuses an edit by a Connection Manager read_only member (403) and reading without Connection Manager access (403)', async () => {
    const edit = await system.api(s.viewer.token).put(path, { distributionList: ['x@apex.example'] });
    expect(edit.status).toBe(403);
    expect(edit.body.code).toBe('PERMISSION_REQUIRED');
    const uploader = await directory(system).userWithToken('Drawings only', [[s.downstream.projectId, PERMISSIONS.uploader]]);
    const read = await system.api(uploader.token).get(path);
    expect(read.status).toBe(403);
    expect(read.body.code).toBe('PERMISSION_REQUIRED');
  });

  it('answers 401 without a token, 404 to a non-member, 400 to a malformed list', async () => {
    expect((await system.api().get(path)).status).toBe(401);
    expect((await system.api('pc_not-a-token').put(path, { distributionList: [] })).status).toBe(401);
    const outsider = await system.api(s.outsider.token).get(path);
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('PROJECT_NOT_FOUND');
    const bad = await system.api(s.downstreamAdmin.token).put(path, { distributionList: ['not an email'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
