import { CreateMarkupV1, DomainError, MARKUP_DATA_MAX_BYTES } from '@connect/contracts';
import { ApiClient, ApiResponse, Scenario, System, TestUser, directory, startSystem } from '@connect/testing';
import { randomUUID } from 'node:crypto';
import { BrokerClient } from './broker-client';

/**
 * Issue 15, findings 1 and 2: what drawing-service produces is bounded —
 * markup size and shape, markups per revision, the revisions of one
 * drawing per reply — so that no member can make a reply outgrow the broker.
 * Real gateway and drawing-service on the real broker and database.
 */

const MAX_MARKUPS = 3;

/** `{a: {a: … {} }}`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe('drawing-service bounds (issue 15, findings 1 and 2)', () => {
  let system: System;
  let broker: BrokerClient;
  let s: Scenario;
  let projectId: string;
  let areaId: string;
  let disciplineId: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'drawing-service'], env: { DRAWING_MAX_MARKUPS_PER_REVISION: String(MAX_MARKUPS), UPLOADS_PER_USER: '2' } });
    broker = await BrokerClient.open(system.env['AMQP_URL'], []);
    s = await directory(system).scenario();
    projectId = s.upstream.projectId;
    const admin = as(s.upstreamAdmin);
    areaId = ok(await admin.post(`/projects/${projectId}/drawing-areas`, { name: 'Level 1' }), 201).id;
    disciplineId = ok(await admin.post(`/projects/${projectId}/drawing-disciplines`, { name: 'Architectural' }), 201).id;
  });

  afterAll(async () => {
    await broker?.close();
    await system?.stop();
  });

  const as = (user: TestUser): ApiClient => system.api(user.token);

  function ok<T>(res: ApiResponse<T>, status: number): T {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function publishedRevision(drawingNumber: string, revisionNumber: string): Promise<{ id: string; drawingId: string }> {
    const form = new FormData();
    for (const [name, value] of Object.entries({ areaId, disciplineId, drawingNumber, title: 'Plan', revisionNumber })) form.append(name, value);
    const pdf = Buffer.from(`%PDF-1.4\n% ${randomUUID()}\ntrailer << >>\n%%EOF\n`);
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'plan.pdf');
    const rev = ok(await as(s.upstreamAdmin).send('POST', `/projects/${projectId}/drawing-revisions`, { body: form }), 201);
    ok(await as(s.upstreamAdmin).post(`/projects/${projectId}/drawing-revisions/publish`, { revisionIds: [rev.id] }), 200);
    return rev;
  }

  describe('markup data: size and shape', () => {
    let path: string;
    let revisionId: string;

    beforeAll(async () => {
      revisionId = (await publishedRevision('B-1', '1')).id;
      path = `/projects/${projectId}/drawing-revisions/${revisionId}/markups`;
    });

    it('finding 1: a shape with nested arrays (points) within the bounds is stored and read back as sent, on FerretDB too', async () => {
      const revision = (await publishedRevision('B-2', '1')).id;
      const at = `/projects/${projectId}/drawing-revisions/${revision}/markups`;
      const data = { points: [[412.5, 318], [498, 318]], style: { color: '#e53935', dash: [[4, 2]] }, deep: nested(19) };
      const created = ok(await as(s.viewer).post(at, { kind: 'ink', data }), 201);
      expect(created.data).toEqual(data);
      expect(ok(await as(s.viewer).get(at), 200).items).toEqual([expect.objectContaining({ id: created.id, kind: 'ink', data })]);
    });

    it('finding 2: data nested beyond MongoDB’s 100 levels is 400 BODY_TOO_DEEP, never 500', async () => {
      const res = await as(s.viewer).post(path, { kind: 'cloud', data: nested(101) });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'BODY_TOO_DEEP' });
    });

    it('finding 1: data nested beyond the markup limit, larger than the size limit, or not an object is 400 VALIDATION_FAILED', async () => {
      for (const data of [nested(25), { points: 'x'.repeat(MARKUP_DATA_MAX_BYTES) }, [1, 2], 'text', 7]) {
        const res = await as(s.viewer).post(path, { kind: 'cloud', data });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('finding 1: drawing-service refuses out-of-bounds data sent on the broker itself (MESSAGE_INVALID), stores nothing', async () => {
      for (const data of [nested(101), { points: 'x'.repeat(MARKUP_DATA_MAX_BYTES) }]) {
        const refused = await broker.request(CreateMarkupV1, { actor: actorOf(s.viewer), projectId, revisionId, kind: 'cloud', data }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(DomainError);
        expect((refused as DomainError).code).toBe('MESSAGE_INVALID');
      }
      expect(ok(await as(s.viewer).get(path), 200).items).toEqual([]);
    });

    it(`finding 1: a revision takes at most DRAWING_MAX_MARKUPS_PER_REVISION markups (${MAX_MARKUPS} here), also under concurrency: then 422 MARKUP_LIMIT_REACHED`, async () => {
      const data = { points: [[1, 2], [3, 4]], comment: 'x'.repeat(MARKUP_DATA_MAX_BYTES - 100) };
      const results = await Promise.all(Array.from({ length: MAX_MARKUPS + 3 }, () => as(s.viewer).post(path, { kind: 'cloud', data })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(MAX_MARKUPS);
      for (const r of results.filter((r) => r.status !== 201)) expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code: 'MARKUP_LIMIT_REACHED' });
      expect(ok(await as(s.viewer).get(`${path}?limit=200`), 200).items).toHaveLength(MAX_MARKUPS);
    });
  });

  describe('finding 1: GET /drawings/:id pages its revisions', () => {
    it('?limit= pages the revisions, highest first, with revisionsNextCursor; the drawing fields stay', async () => {
      let drawingId = '';
      for (const n of ['1', '2', '3']) drawingId = (await publishedRevision('P-1', n)).drawingId;
      const first = ok(await as(s.viewer).get(`/projects/${projectId}/drawings/${drawingId}?limit=2`), 200);
      expect(first).toMatchObject({ id: drawingId, number: 'P-1', currentRevision: expect.objectContaining({ revisionNumber: '3' }) });
      expect(first.revisions.map((r: { revisionNumber: string }) => r.revisionNumber)).toEqual(['3', '2']);
      expect(first.revisionsNextCursor).toEqual(expect.any(String));
      const second = ok(await as(s.viewer).get(`/projects/${projectId}/drawings/${drawingId}?limit=2&cursor=${first.revisionsNextCursor}`), 200);
      expect(second.revisions.map((r: { revisionNumber: string }) => r.revisionNumber)).toEqual(['1']);
      expect(second.revisionsNextCursor).toBeNull();
      const whole = ok(await as(s.viewer).get(`/projects/${projectId}/drawings/${drawingId}`), 200);
      expect(whole.revisions).toHaveLength(3);
      const bad = await as(s.viewer).get(`/projects/${projectId}/drawings/${drawingId}?limit=201`);
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('finding 8: concurrent uploads per user are bounded', () => {
    /** Starts an upload whose file part keeps streaming until `finish()`; resolves with the response. */
    function slowUpload(user: TestUser, drawingNumber: string) {
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const boundary = `----bound${randomUUID()}`;
      const head = Object.entries({ areaId, disciplineId, drawingNumber, title: 'Slow', revisionNumber: '1' })
        .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('');
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(`${head}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\n% ${randomUUID()}\n`));
          await done;
          controller.enqueue(new TextEncoder().encode(`trailer << >>\n%%EOF\n\r\n--${boundary}--\r\n`));
          controller.close();
        },
      });
      const response = fetch(`${system.url()}/api/v1/projects/${projectId}/drawing-revisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: 'half',
      } as RequestInit);
      return { finish, response };
    }

    it('UPLOADS_PER_USER (2 here) uploads at once per user; the next is 429 TOO_MANY_UPLOADS with Retry-After; others are not held up', async () => {
      const first = slowUpload(s.upstreamAdmin, 'U-1');
      const second = slowUpload(s.upstreamAdmin, 'U-2');
      await new Promise((r) => setTimeout(r, 500));
      const third = slowUpload(s.upstreamAdmin, 'U-3');
      third.finish();
      const refused = await third.response;
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { code: string }).code).toBe('TOO_MANY_UPLOADS');
      const other = slowUpload(s.uploader, 'U-4');
      other.finish();
      expect((await other.response).status).toBe(201);
      first.finish();
      second.finish();
      expect([(await first.response).status, (await second.response).status]).toEqual([201, 201]);
      const after = slowUpload(s.upstreamAdmin, 'U-5');
      after.finish();
      expect((await after.response).status).toBe(201);
    });
  });

  function actorOf(user: TestUser) {
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      companies: [],
      memberships: [{ projectId, companyId: s.upstream.companyId, connectionManager: 'read_only' as const, drawings: 'read_only' as const }],
    };
  }
});
