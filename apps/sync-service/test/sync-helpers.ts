import { ApiClient, Scenario, System, TestUser, directory, eventually } from '@connect/testing';
import { randomUUID } from 'node:crypto';

/* Through the gateway, as clients do: an upstream register, publishing, connecting, reading downstream. */

export const pdf = (label = randomUUID(), padTo = 0): Buffer => {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\n`;
  const pad = Math.max(0, padTo - body.length - 30);
  return Buffer.concat([Buffer.from(body), Buffer.alloc(pad, 0x20), Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n')]);
};

export function ok<T = any>(res: { status: number; body: T }, status: number): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface Upstream {
  api: ApiClient;
  projectId: string;
  areaId: string;
  disciplineId: string;
  setId: string;
}

export async function upstreamRegister(system: System, s: Scenario): Promise<Upstream> {
  const api = system.api(s.upstreamAdmin.token);
  const projectId = s.upstream.projectId;
  const area = ok(await api.post(`/projects/${projectId}/drawing-areas`, { name: 'Level 1', description: 'Ground floor' }), 201);
  const discipline = ok(await api.post(`/projects/${projectId}/drawing-disciplines`, { name: 'Architectural' }), 201);
  const set = ok(await api.post(`/projects/${projectId}/drawing-sets`, { name: 'Issued for construction', date: '2024-05-01' }), 201);
  return { api, projectId, areaId: area.id, disciplineId: discipline.id, setId: set.id };
}

export async function upload(u: Upstream, drawingNumber: string, fields: Record<string, string> = {}, file = pdf()): Promise<any> {
  const form = new FormData();
  const all: Record<string, string> = {
    areaId: u.areaId,
    disciplineId: u.disciplineId,
    setId: u.setId,
    title: `Plan ${drawingNumber}`,
    revisionNumber: '1',
    drawingNumber,
    ...fields,
  };
  for (const [name, value] of Object.entries(all)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), `${drawingNumber}.pdf`);
  return ok(await u.api.send('POST', `/projects/${u.projectId}/drawing-revisions`, { body: form }), 201);
}

export async function publish(u: Upstream, revisionIds: string[]): Promise<void> {
  ok(await u.api.post(`/projects/${u.projectId}/drawing-revisions/publish`, { revisionIds }), 200);
}

export async function published(u: Upstream, drawingNumber: string, fields: Record<string, string> = {}): Promise<any> {
  const revision = await upload(u, drawingNumber, fields);
  await publish(u, [revision.id]);
  return revision;
}

/** Every item of a list endpoint, following nextCursor. */
export async function all(api: ApiClient, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: any[]; nextCursor: string | null } = ok(
      await api.get(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      200,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The downstream register as its admin sees it: unpublished and published revisions, drawings, areas. */
export async function downstreamState(system: System, admin: TestUser, projectId: string) {
  const api = system.api(admin.token);
  const [unpublished, publishedRevisions, drawings, areas] = await Promise.all([
    all(api, `/projects/${projectId}/drawing-revisions?published=false`),
    all(api, `/projects/${projectId}/drawing-revisions?published=true`),
    all(api, `/projects/${projectId}/drawings`),
    all(api, `/projects/${projectId}/drawing-areas`),
  ]);
  return { unpublished, published: publishedRevisions, drawings, areas };
}

/** A connection as the downstream side sees it, waited on until `until` holds. */
export async function connectionWhen(system: System, token: string, connectionId: string, until: (c: any) => boolean, timeoutMs = 30_000): Promise<any> {
  return (
    await eventually(
      () => system.api(token).get(`/connections/${connectionId}`),
      (r) => r.status === 200 && until(r.body),
      timeoutMs,
    )
  ).body;
}

export async function connect(system: System, s: Scenario, downstreamProjectId = s.downstream.projectId): Promise<any> {
  return ok(
    await system
      .api(s.connector.token)
      .post(`/projects/${downstreamProjectId}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] }),
    201,
  );
}

/** Another downstream project of the scenario's downstream company that the connector and downstream admin may connect and review. */
export async function anotherDownstream(system: System, s: Scenario): Promise<string> {
  const dir = directory(system);
  const project = await dir.project(s.downstream.companyId);
  await dir.member(project.id, s.connector.id, { connectionManager: 'admin', drawings: 'read_only' });
  await dir.member(project.id, s.downstreamAdmin.id, { connectionManager: 'admin', drawings: 'admin' });
  return project.id;
}
