import {
  ConnectedCopiesSettledPayload,
  ConnectionCancelledV1,
  ConnectionChangedPayload,
  ConnectionDisconnectedV1,
  ConnectionEstablishedV1,
  ConnectionRejectedV1,
  ConnectionStatus,
  ConnectionUndoneV1,
  CopiesRequestedV1,
  EventDefinition,
  ListPublishedRevisionIdsV1,
  connectedCopyId,
} from '@connect/contracts';
import { BrokerRpc, Scenario, System, directory, eventually, seedPublishedRevisions, startSystem, waitFor } from '@connect/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/*
 * Issue 13 item 6 (review 14), S6, C14: a file copy that stops half-way is resumed or cleaned up, never left as
 * GridFS chunks or files that nothing owns. drawing-service is a real process, SIGKILLed while a copy has written
 * the file's chunks and waits to write its file document (held by a PostgreSQL table lock under FerretDB); the
 * connection then stops (disconnect, or the downstream's quick undo), so the copy is never resumed: the request
 * redelivered after the restart is refused by the fence and settles as skipped.
 */
const onFerret = process.env['PG_URL'] ? describe : describe.skip;

onFerret('orphan chunks: a copy killed half-way and then skipped leaves nothing behind (issue 13 item 6, S6, C14)', () => {
  let system: System;
  let rpc: BrokerRpc;
  let mongo: MongoClient;
  let pg: Client;
  const dbName = () => `connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`;
  const db = () => mongo.db(dbName());

  beforeAll(async () => {
    // A killed delivery's inbox claim is taken over after 30 s instead of 2 min: the redelivered copy is tried again
    // well after the restarted drawing-service handled the stop (published before the restart), and still soon.
    // Discarded file copies are swept once more 20 s after their discard (a late write of a dead copier goes then).
    system = await startSystem({
      services: ['gateway', 'drawing-service'],
      env: { INBOX_LEASE_MS: '30000', DRAWING_COPY_TOMBSTONE_MS: '20000', DRAWING_UPLOAD_SWEEP_MS: '1000' },
    });
    rpc = await BrokerRpc.open(system.env['AMQP_URL'], ['drawing.connected-copies.settled.v1']);
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
    pg = new Client({ connectionString: process.env['PG_URL'] });
    await pg.connect();
  }, 240_000);

  afterAll(async () => {
    await pg?.end();
    await mongo?.close();
    await rpc?.close();
    await system?.stop();
  });

  const event = (s: Scenario, id: string, version: number, status: ConnectionStatus): ConnectionChangedPayload => ({
    connection: {
      id,
      version,
      status,
      features: ['drawings'],
      upstream: { companyId: s.upstream.companyId, companyName: s.upstream.company.name, projectId: s.upstream.projectId, projectName: s.upstream.project.name },
      downstream: { companyId: s.downstream.companyId, companyName: s.downstream.company.name, projectId: s.downstream.projectId, projectName: s.downstream.project.name },
      approval: 'automatic',
      requestedBy: s.connector.id,
      requestedAt: new Date().toISOString(),
      decidedBy: null,
      decidedAt: null,
      rejectReason: null,
      cancelledBy: null,
      cancelledAt: null,
      disconnectedBy: null,
      disconnectedAt: null,
      disconnectReason: null,
      undoneBy: null,
      undoneAt: null,
      undoableUntil: null,
      approvalUndoableUntil: null,
    },
    actor: { userId: s.connector.id, name: s.connector.name, email: s.connector.email },
    reason: null,
  });

  /** Whether drawing-service's inbox has handled message `id` (by any handler). */
  const handled = async (id: string) => (await db().collection('inbox_claims').countDocuments({ _id: { $regex: `:${id}$` }, holder: '@done' } as never)) > 0;
  const publishHandled = async <P extends object>(definition: EventDefinition<P>, payload: P) => {
    const id = randomUUID();
    rpc.publish(definition, payload, id);
    await waitFor(() => handled(id), 60_000);
  };
  /** The outcome of the one revision the request of `batchId` carried. */
  const settled = (batchId: string) => {
    const e = rpc.events.find((e) => e.type === 'drawing.connected-copies.settled' && (e.payload as ConnectedCopiesSettledPayload).batchId === batchId);
    return e && { ...e, payload: (e.payload as ConnectedCopiesSettledPayload).items[0] };
  };
  const copy = (s: Scenario, connectionId: string, upstreamRevisionId: string, batchId = randomUUID()) => {
    const source = { connectionId, projectId: s.upstream.projectId, projectName: s.upstream.project.name, companyName: s.upstream.company.name };
    rpc.publish(CopiesRequestedV1, { projectId: s.downstream.projectId, source, upstreamRevisionIds: [upstreamRevisionId], batchId });
    return batchId;
  };

  /** What the downstream project stores: its revisions' files, its files, and the files its chunks belong to. */
  const stored = async (projectId: string) => {
    const owned = new Set((await db().collection('drawing_revisions').find({ projectId }).toArray()).map((r) => r['file'].fileId as string));
    const files = new Set((await db().collection('fs.files').find({ 'metadata.projectId': projectId }).toArray()).map((f) => String(f._id)));
    const chunked = new Set((await db().collection('fs.chunks').find({ projectId }, { projection: { files_id: 1 } }).toArray()).map((c) => String(c['files_id'])));
    return {
      revisions: owned.size,
      files: files.size,
      filesWithoutRevision: [...files].filter((f) => !owned.has(f)),
      revisionsWithoutFile: [...owned].filter((f) => !files.has(f)),
      chunksWithoutFile: [...chunked].filter((f) => !files.has(f)),
    };
  };

  /** Two published upstream revisions of three chunks each; the connection active in drawing-service; the first copied. */
  async function connectedWithOneCopy() {
    const s = await directory(system).scenario();
    const admin = system.api(s.upstreamAdmin.token);
    const area = await admin.post(`/projects/${s.upstream.projectId}/drawing-areas`, { name: 'Level 1' });
    const discipline = await admin.post(`/projects/${s.upstream.projectId}/drawing-disciplines`, { name: 'Architectural' });
    await seedPublishedRevisions(
      rpc,
      { projectId: s.upstream.projectId, companyId: s.upstream.companyId, areaId: area.body.id, disciplineId: discipline.body.id, admin: s.upstreamAdmin },
      2,
      { fileBytes: 600_000, prefix: 'OC' },
    );
    const { ids } = await rpc.request(ListPublishedRevisionIdsV1, { projectId: s.upstream.projectId });
    expect(ids).toHaveLength(2);
    const connectionId = randomUUID();
    await publishHandled(ConnectionEstablishedV1, event(s, connectionId, 2, 'active'));
    const first = copy(s, connectionId, ids[0]);
    await waitFor(() => !!settled(first), 60_000);
    expect(settled(first)?.payload).toMatchObject({ outcome: 'copied' });
    return { s, connectionId, first: ids[0], second: ids[1] };
  }

  /** Copies `upstreamRevisionId` until its chunks are written and its file document waits, then SIGKILLs drawing-service. */
  async function killMidCopy(s: Scenario, connectionId: string, upstreamRevisionId: string): Promise<string> {
    const before = (await stored(s.downstream.projectId)).files;
    return copyHeldOn(await tableOf('fs.files'), s, connectionId, upstreamRevisionId, async () => {
      // Half-way: the chunks are there, the file is not.
      expect((await stored(s.downstream.projectId)).chunksWithoutFile).toHaveLength(1);
      await system.stopInstance('drawing-service', 0, 'SIGKILL');
      expect((await stored(s.downstream.projectId)).files).toBe(before);
    });
  }

  /** Publishes the connection's next status while drawing-service is down, starts it again, waits until that is handled. */
  async function restartedInto(s: Scenario, connectionId: string, definition: EventDefinition<ConnectionChangedPayload>, status: ConnectionStatus): Promise<void> {
    const stop = randomUUID();
    rpc.publish(definition, event(s, connectionId, 3, status), stop);
    await system.startInstance('drawing-service');
    await waitFor(() => handled(stop), 120_000);
  }

  /** Records of the connection's file copies still under way, and those discarded (each stays until the sweep). */
  const copyRecords = async (connectionId: string) => {
    const records = await db().collection('file_copies').find({ heldFor: connectionId }).toArray();
    return { underWay: records.filter((d) => !d['discarded']).length, discarded: records.filter((d) => d['discarded']).length };
  };
  /** Every record of the connection's file copies, discarded ones included. */
  const copyRecordsOf = (connectionId: string) => db().collection('file_copies').countDocuments({ heldFor: connectionId });

  /** The PostgreSQL table under FerretDB that holds `collection` of drawing-service's database. */
  const tableOf = async (collection: string) => {
    const { rows } = await pg.query<{ t: string }>(`SELECT _jsonb->>'table' AS t FROM "${dbName()}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`, [collection]);
    return `"${dbName()}"."${rows[0].t}"`;
  };
  const waitersOn = async (table: string) => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = $1::regclass AND NOT granted`, [table])).rows[0].n;
  const ofConnection = async (projectId: string, connectionId: string, collection: string) =>
    (await db().collection(collection).find({ projectId }).toArray()).filter((d) => d['origin']?.connectionId === connectionId).map((d) => String(d._id));
  /** Nothing waits on `table` any more and every change of the project is finished (applied or refused, published). */
  const settledDown = async (table: string, projectId: string) =>
    waitFor(async () => (await waitersOn(table)) === 0 && (await db().collection('changes').countDocuments({ scope: projectId, published: false })) === 0, 60_000);
  /**
   * Copies `upstreamRevisionId` with `table` locked (EXCLUSIVE) until its write waits on the lock, runs `whileHeld`, then
   * lets the lock go (the write lands). The copy's batch id.
   */
  async function copyHeldOn(table: string, s: Scenario, connectionId: string, upstreamRevisionId: string, whileHeld: () => Promise<void>): Promise<string> {
    await pg.query('BEGIN');
    try {
      await pg.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
      const batchId = copy(s, connectionId, upstreamRevisionId);
      await waitFor(async () => (await waitersOn(table)) > 0, 60_000);
      await whileHeld();
      return batchId;
    } finally {
      await pg.query('ROLLBACK');
    }
  }

  /*
   * S6/C14 (review, finding 1): the copy of a second drawing writes the change record of its drawing while the `changes`
   * table is locked; the writer then dies (its insert still on its way in PostgreSQL) or stalls past its writer lease (its
   * renewals held too). The downstream undoes; drawing-service handles the undo while the insert still waits, then the
   * lock goes and the insert lands. The first copy, published downstream, stays (C14 keeps published copies).
   */
  for (const writer of ['dies', 'stalls past its lease'] as const) {
    it(`S6/C14: a copy's change record that lands after the undo was handled (its writer ${writer}) never brings the copy back`, async () => {
      const { s, connectionId, first, second } = await connectedWithOneCopy();
      const down = s.downstream.projectId;
      const kept = connectedCopyId(connectionId, 'revision', first);
      const published = await system.api(s.downstreamAdmin.token).post(`/projects/${down}/drawing-revisions/publish`, { revisionIds: [kept] });
      expect(published.status).toBe(200);
      const changes = await tableOf('changes');
      const undo = randomUUID();
      const batchId = await copyHeldOn(changes, s, connectionId, second, async () => {
        if (writer === 'dies') await system.stopInstance('drawing-service', 0, 'SIGKILL');
        // A live writer whose renewals cannot land: its entry expires while it still has its write to make.
        else await pg.query(`LOCK TABLE ${await tableOf('connected_copy_writers')} IN EXCLUSIVE MODE`);
        rpc.publish(ConnectionUndoneV1, event(s, connectionId, 3, 'undone'), undo);
        if (writer === 'dies') await system.startInstance('drawing-service');
        // Handled while the record is still on its way (the undo itself has nothing to remove: the first copy is published).
        await waitFor(() => handled(undo), 90_000);
      });
      await settledDown(changes, down);
      if (writer === 'stalls past its lease') {
        await waitFor(() => !!settled(batchId), 60_000);
        expect(settled(batchId)?.payload).toMatchObject({ outcome: 'skipped', code: 'CONNECTION_NOT_ACTIVE' });
      }
      // A round of the relay after the record landed (grace 3 s).
      await new Promise((r) => setTimeout(r, 6_000));
      expect({ revisions: await ofConnection(down, connectionId, 'drawing_revisions'), drawings: (await ofConnection(down, connectionId, 'drawings')).length }).toEqual({
        revisions: [kept],
        drawings: 1,
      });
      expect((await stored(down)).filesWithoutRevision).toEqual([]);
    }, 300_000);
  }

  /*
   * S6 (issue 13, the flaky "disconnect mid initial copy"): a live copy stalled past its writer lease — its chunks'
   * insert (fs.chunks) or its file document's (fs.files) held by a table lock, its lease renewals held too — so the
   * disconnect is handled, unfinished file copies discarded, before the stalled write lands. Once it lands and the copy
   * ends (refused by the fence), nothing of it is left: no file document, no chunk, no record of the unfinished copy.
   */
  for (const stalled of ['fs.chunks', 'fs.files'] as const) {
    it(`S6: a copy whose ${stalled} write lands after the disconnect's cleanup leaves no file or chunk and no copy under way`, async () => {
      const { s, connectionId, second } = await connectedWithOneCopy();
      const down = s.downstream.projectId;
      const table = await tableOf(stalled);
      const stop = randomUUID();
      const batchId = await copyHeldOn(table, s, connectionId, second, async () => {
        // Its renewals cannot land: its entry expires while its write still waits, so the stop does not wait for it.
        await pg.query(`LOCK TABLE ${await tableOf('connected_copy_writers')} IN EXCLUSIVE MODE`);
        rpc.publish(ConnectionDisconnectedV1, event(s, connectionId, 3, 'disconnected'), stop);
        await waitFor(() => handled(stop), 90_000);
        // The stop's cleanup ran while the write still waits: the copy is discarded.
        expect(await copyRecords(connectionId)).toEqual({ underWay: 0, discarded: 1 });
      });
      // The write lands now; the copy goes on and is refused by the fence.
      await waitFor(() => !!settled(batchId), 60_000);
      expect(settled(batchId)?.payload).toMatchObject({ outcome: 'skipped', code: 'CONNECTION_NOT_ACTIVE' });
      await settledDown(table, down);
      expect(await stored(down)).toEqual({ revisions: 1, files: 1, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
      expect((await copyRecords(connectionId)).underWay).toBe(0); // a discarded one stays for the sweep (its own spec)
    }, 300_000);
  }

  /*
   * S6 (FINAL_STOPS): the same stalled copy while the connection goes pending again (its approval undone: the copy is
   * kept, to be resumed) and is then rejected (discarded). Its file document lands after that cleanup: the copier finds
   * the connection stopped for good and discards what it wrote itself, before the sweep would (20 s later).
   */
  it("S6: a copy whose file document lands after a pending-again connection's rejection was handled discards itself", async () => {
    const { s, connectionId, second } = await connectedWithOneCopy();
    const down = s.downstream.projectId;
    const table = await tableOf('fs.files');
    const batchId = await copyHeldOn(table, s, connectionId, second, async () => {
      await pg.query(`LOCK TABLE ${await tableOf('connected_copy_writers')} IN EXCLUSIVE MODE`);
      const pending = randomUUID();
      rpc.publish(ConnectionUndoneV1, event(s, connectionId, 3, 'pending'), pending);
      await waitFor(() => handled(pending), 90_000);
      expect(await copyRecords(connectionId)).toEqual({ underWay: 1, discarded: 0 });
      await publishHandled(ConnectionRejectedV1, event(s, connectionId, 4, 'rejected'));
      expect(await copyRecords(connectionId)).toEqual({ underWay: 0, discarded: 1 });
    });
    await waitFor(() => !!settled(batchId), 60_000);
    expect(settled(batchId)?.payload).toMatchObject({ outcome: 'skipped', code: 'CONNECTION_NOT_ACTIVE' });
    await settledDown(table, down);
    expect(await stored(down)).toEqual({ revisions: 1, files: 1, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
  }, 300_000);

  /*
   * S6 / issue 13 item 6: a copier SIGKILLed while its file document's insert waits in PostgreSQL (a table lock) leaves
   * the statement on its way; the disconnect is handled, and its cleanup discards the copy, before the lock goes and the
   * insert lands. No writer is left to see the stop: the discarded copy's record stays, and the sweep deletes the file
   * once more after DRAWING_COPY_TOMBSTONE_MS.
   */
  it("S6: a dead copier's file document that lands after the disconnect's cleanup is swept: no file, chunk or copy record left", async () => {
    const { s, connectionId, second } = await connectedWithOneCopy();
    const down = s.downstream.projectId;
    const table = await tableOf('fs.files');
    const stop = randomUUID();
    await copyHeldOn(table, s, connectionId, second, async () => {
      await system.stopInstance('drawing-service', 0, 'SIGKILL');
      rpc.publish(ConnectionDisconnectedV1, event(s, connectionId, 3, 'disconnected'), stop);
      await system.startInstance('drawing-service');
      await waitFor(() => handled(stop), 90_000);
      // Discarded (its chunks gone), its file document's insert still waiting.
      expect(await copyRecords(connectionId)).toEqual({ underWay: 0, discarded: 1 });
      expect(await stored(down)).toMatchObject({ files: 1, chunksWithoutFile: [] });
    });
    await settledDown(table, down);
    // The dead copier's insert landed after the cleanup: a file nothing owns, until the sweep.
    const late = await stored(down);
    expect(late.filesWithoutRevision).toHaveLength(1);
    await waitFor(async () => (await copyRecordsOf(connectionId)) === 0, 60_000);
    expect(await stored(down)).toEqual({ revisions: 1, files: 1, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
  }, 300_000);

  /*
   * Issue 13 item 6: what a copy whose own discard failed every try leaves (its record under way, chunks nothing owns)
   * after its connection stopped for good, written here behind the engine's back: the sweep finds the copy under way
   * past DRAWING_COPY_TOMBSTONE_MS for a stopped connection and discards it as the stop would have.
   */
  it('S6: a file copy left under way for a connection stopped for good (its own discard failed) is discarded by the sweep', async () => {
    const { s, connectionId } = await connectedWithOneCopy();
    const down = s.downstream.projectId;
    await publishHandled(ConnectionDisconnectedV1, event(s, connectionId, 3, 'disconnected'));
    const fileId = randomUUID();
    await db().collection('fs.chunks').insertOne({ _id: `${fileId}:0`, files_id: fileId, n: 0, data: Buffer.alloc(1024, 7), projectId: down } as never);
    expect((await stored(down)).chunksWithoutFile).toEqual([fileId]);
    await db()
      .collection('file_copies')
      .insertOne({ _id: fileId, projectId: down, heldFor: connectionId, ownerId: randomUUID(), startedAt: new Date(Date.now() - 3_600_000), discarded: false } as never);
    await waitFor(async () => (await copyRecords(connectionId)).underWay === 0, 60_000);
    expect(await stored(down)).toEqual({ revisions: 1, files: 1, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
  }, 300_000);

  it('S6 (review, finding 1): killed after its revision was recorded but before it was written, then disconnected — no revision is left without its file', async () => {
    const { s, connectionId, second } = await connectedWithOneCopy();
    const down = s.downstream.projectId;
    const revisions = await tableOf('drawing_revisions');
    const stop = randomUUID();
    // The copy wrote its file and the change record of its revision; the revision itself waits on the lock.
    await copyHeldOn(revisions, s, connectionId, second, async () => {
      await system.stopInstance('drawing-service', 0, 'SIGKILL');
      rpc.publish(ConnectionDisconnectedV1, event(s, connectionId, 3, 'disconnected'), stop);
      await system.startInstance('drawing-service');
      // Held until the disconnect is handled, or for 30 s if handling it waits for what the lock holds up.
      await eventually(() => handled(stop), Boolean, 30_000);
    });
    await waitFor(() => handled(stop), 120_000);
    await settledDown(revisions, down);
    const left = await stored(down);
    expect(left).toMatchObject({ filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
    expect((await copyRecords(connectionId)).underWay).toBe(0); // a discarded one stays for the sweep (its own spec)
  }, 300_000);

  it('C14: an undo while a copy is half-written by a drawing-service that then dies — once the undo is handled no unpublished copy of the connection is left, and none appears later', async () => {
    const s = await directory(system).scenario();
    const admin = system.api(s.upstreamAdmin.token);
    const area = await admin.post(`/projects/${s.upstream.projectId}/drawing-areas`, { name: 'Level 1' });
    const discipline = await admin.post(`/projects/${s.upstream.projectId}/drawing-disciplines`, { name: 'Architectural' });
    const target = { projectId: s.upstream.projectId, companyId: s.upstream.companyId, areaId: area.body.id, disciplineId: discipline.body.id, admin: s.upstreamAdmin };
    const [upstreamRevisionId] = await seedPublishedRevisions(rpc, target, 1, { prefix: 'UH' });
    const connectionId = randomUUID();
    const down = s.downstream.projectId;
    await publishHandled(ConnectionEstablishedV1, event(s, connectionId, 2, 'active'));
    const table = await tableOf('drawing_revisions');
    const undo = randomUUID();
    // The copy wrote its drawing, its file and the change record of its revision; the revision itself waits on the lock.
    await copyHeldOn(table, s, connectionId, upstreamRevisionId, async () => {
      await system.stopInstance('drawing-service', 0, 'SIGKILL');
      rpc.publish(ConnectionUndoneV1, event(s, connectionId, 3, 'undone'), undo);
      await system.startInstance('drawing-service');
      // Held until the undo is handled, or for 30 s if handling it waits for what the lock holds up.
      await eventually(() => handled(undo), Boolean, 30_000);
    });
    await waitFor(() => handled(undo), 120_000);
    const mine = async () => ({ revisions: await ofConnection(down, connectionId, 'drawing_revisions'), drawings: await ofConnection(down, connectionId, 'drawings') });
    const atUndo = await mine();
    // Whatever was still on its way has landed: nothing waits on the table, every change of the project is finished.
    await settledDown(table, down);
    expect(atUndo).toEqual({ revisions: [], drawings: [] });
    expect(await mine()).toEqual({ revisions: [], drawings: [] });
  }, 300_000);

  it('S6: killed mid-copy, then disconnected — the half-copied file is cleaned up, the finished copy keeps its file', async () => {
    const { s, connectionId, second } = await connectedWithOneCopy();
    const batchId = await killMidCopy(s, connectionId, second);
    await restartedInto(s, connectionId, ConnectionDisconnectedV1, 'disconnected');
    // The stop's cleanup discarded the half-copied file at once (its record stays for the sweep).
    expect(await copyRecords(connectionId)).toEqual({ underWay: 0, discarded: 1 });
    expect(await stored(s.downstream.projectId)).toMatchObject({ filesWithoutRevision: [], chunksWithoutFile: [] });
    await waitFor(() => !!settled(batchId), 120_000);
    expect(settled(batchId)?.payload).toMatchObject({ outcome: 'skipped', code: 'CONNECTION_NOT_ACTIVE' });
    expect(await stored(s.downstream.projectId)).toEqual({ revisions: 1, files: 1, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
    expect((await copyRecords(connectionId)).underWay).toBe(0); // a discarded one stays for the sweep (its own spec)
  }, 300_000);

  /*
   * S6 / issue 13 item 6: an upstream undo of the approval (C14) makes the connection pending again, which keeps a
   * half-copied file to be resumed if it is approved again; a rejection or a cancellation of that pending connection
   * ends it for good (no approval can follow), so the copy is discarded then: nothing of it is left behind.
   */
  for (const [end, definition] of [
    ['rejected', ConnectionRejectedV1],
    ['cancelled', ConnectionCancelledV1],
  ] as const) {
    it(`S6: killed mid-copy, pending again (the approval undone), then ${end} — the half-copied file is kept while pending, cleaned up once ${end}`, async () => {
      const { s, connectionId, second } = await connectedWithOneCopy();
      const batchId = await killMidCopy(s, connectionId, second);
      await restartedInto(s, connectionId, ConnectionUndoneV1, 'pending');
      await waitFor(() => !!settled(batchId), 120_000);
      expect(settled(batchId)?.payload).toMatchObject({ outcome: 'skipped', code: 'CONNECTION_NOT_ACTIVE' });
      // Pending again: the copy may resume after another approval (the sweep of stopped connections' copies leaves it too).
      expect(await copyRecords(connectionId)).toEqual({ underWay: 1, discarded: 0 });
      await publishHandled(definition, event(s, connectionId, 4, end));
      expect(await copyRecords(connectionId)).toEqual({ underWay: 0, discarded: 1 });
      expect(await stored(s.downstream.projectId)).toEqual({ revisions: 1, files: 1, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
    }, 300_000);
  }

  it('C14: killed mid-copy, then undone by the downstream — no copy, file or chunk of the connection is left', async () => {
    const { s, connectionId, second } = await connectedWithOneCopy();
    const batchId = await killMidCopy(s, connectionId, second);
    await restartedInto(s, connectionId, ConnectionUndoneV1, 'undone');
    // The stop's cleanup discarded the half-copied file at once (its record stays for the sweep).
    expect(await copyRecords(connectionId)).toEqual({ underWay: 0, discarded: 1 });
    expect(await stored(s.downstream.projectId)).toMatchObject({ filesWithoutRevision: [], chunksWithoutFile: [] });
    await waitFor(() => !!settled(batchId), 120_000);
    expect(settled(batchId)?.payload).toMatchObject({ outcome: 'skipped', code: 'CONNECTION_NOT_ACTIVE' });
    expect(await stored(s.downstream.projectId)).toEqual({ revisions: 0, files: 0, filesWithoutRevision: [], revisionsWithoutFile: [], chunksWithoutFile: [] });
    expect((await copyRecords(connectionId)).underWay).toBe(0); // a discarded one stays for the sweep (its own spec)
  }, 300_000);
});
