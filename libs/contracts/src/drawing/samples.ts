import { CONNECTION_ID, DOWNSTREAM_PROJECT_ID, REQUESTER, UPSTREAM_ADMIN, UPSTREAM_PROJECT, UPSTREAM_PROJECT_ID } from '../testing-samples';
import { CreateAreaPayload, CreateAreaV1 } from './area-create.v1';
import { DeleteAreaPayload, DeleteAreaV1 } from './area-delete.v1';
import { AreaDeletedPayload, AreaDeletedV1 } from './area-deleted.v1';
import { ListAreasPayload, ListAreasV1 } from './area-list.v1';
import { UpdateAreaPayload, UpdateAreaV1 } from './area-update.v1';
import { AreaUpdatedPayload, AreaUpdatedV1 } from './area-updated.v1';
import { ConnectedCopyDeletePayload, ConnectedCopyDeleteV1 } from './connected-copy-delete.v1';
import { ConnectedCopiesSettledPayload, ConnectedCopiesSettledV1 } from './connected-copies-settled.v1';
import { ConnectedCopyPrunePayload, ConnectedCopyPruneV1 } from './connected-copy-prune.v1';
import { ListPublishedRevisionIdsPayload, ListPublishedRevisionIdsV1 } from './revisions-published-ids.v1';
import { ConnectedCopyUpsertPayload, ConnectedCopyUpsertV1, connectedCopyId } from './connected-copy-upsert.v1';
import { ListDeletedRevisionsPayload, ListDeletedRevisionsV1 } from './deleted-revisions-list.v1';
import { CreateDisciplinePayload, CreateDisciplineV1 } from './discipline-create.v1';
import { ListDisciplinesPayload, ListDisciplinesV1 } from './discipline-list.v1';
import { UpdateDisciplinePayload, UpdateDisciplineV1 } from './discipline-update.v1';
import { DisciplineUpdatedPayload, DisciplineUpdatedV1 } from './discipline-updated.v1';
import { DeleteDrawingPayload, DeleteDrawingV1 } from './drawing-delete.v1';
import { DrawingDeletedPayload, DrawingDeletedV1 } from './drawing-deleted.v1';
import { GetDrawingPayload, GetDrawingV1 } from './drawing-get.v1';
import { ListDrawingsPayload, ListDrawingsV1 } from './drawing-list.v1';
import { UpdateDrawingPayload, UpdateDrawingV1 } from './drawing-update.v1';
import { DrawingUpdatedPayload, DrawingUpdatedV1 } from './drawing-updated.v1';
import { FileChunkGetPayload, FileChunkGetV1 } from './file-chunk-get.v1';
import { FILE_CHUNK_BYTES, FileChunkPutPayload, FileChunkPutV1 } from './file-chunk-put.v1';
import { FileOpenPayload, FileOpenV1 } from './file-open.v1';
import { FileUploadAbortPayload, FileUploadAbortV1 } from './file-upload-abort.v1';
import { FileUploadCompletePayload, FileUploadCompleteV1 } from './file-upload-complete.v1';
import { CreateMarkupPayload, CreateMarkupV1 } from './markup-create.v1';
import { ListMarkupsPayload, ListMarkupsV1 } from './markup-list.v1';
import { AreaFacts, DisciplineFacts, DrawingFacts, PublishedRevisionItem, RevisionFacts, RevisionFileFacts, SetFacts } from './register-facts';
import { uuidFromKey } from './register-ids';
import { GetRevisionCountV1, RevisionCountQuery } from './revision-count.v1';
import { CreateRevisionPayload, CreateRevisionV1 } from './revision-create.v1';
import { GetRevisionPayload, GetRevisionV1 } from './revision-get.v1';
import { ListRevisionsPayload, ListRevisionsV1 } from './revision-list.v1';
import { PrecheckRevisionPayload, PrecheckRevisionV1 } from './revision-precheck.v1';
import { UpdateRevisionPayload, UpdateRevisionV1 } from './revision-update.v1';
import { RevisionUpdatedPayload, RevisionUpdatedV1 } from './revision-updated.v1';
import { PublishRevisionsPayload, PublishRevisionsV1 } from './revisions-publish.v1';
import { ListPublishedRevisionsPayload, ListPublishedRevisionsV1 } from './revisions-published-list.v1';
import { RevisionsPublishedPayload, RevisionsPublishedV1 } from './revisions-published.v1';
import { CreateSetPayload, CreateSetV1 } from './set-create.v1';
import { ListSetsPayload, ListSetsV1 } from './set-list.v1';
import { UpdateSetPayload, UpdateSetV1 } from './set-update.v1';
import { SetUpdatedPayload, SetUpdatedV1 } from './set-updated.v1';

/* The upstream register: drawing M-201 revision C, uploaded, then published by the upstream admin. */

/** The gateway's upload id of revision C's file, which becomes its file id. */
const UPLOAD_ID = 'aaf26904-9d91-4e55-a1fb-496a917e84bf';
/** Revision B of the same drawing, uploaded earlier. */
const EARLIER_UPLOAD_ID = '6a7f7a5d-ed89-4796-8bc3-aa4ec85eb62a';
/** drawing-service derives a revision's id from its upload (idempotent create). */
const revisionIdOf = (uploadId: string) => uuidFromKey(`upload\u0000${UPSTREAM_PROJECT_ID}\u0000${uploadId}`);
const REVISION_ID = revisionIdOf(UPLOAD_ID);

const AREA_DESCRIPTION = 'Inpatient rooms 2E-101 to 2E-148 and the imaging suite';
const AREA: AreaFacts = { id: 'b348e5df-966a-45ac-89ca-962742ea3f6e', version: 1, name: 'Level 2 – East Wing', description: AREA_DESCRIPTION };
const DISCIPLINE: DisciplineFacts = { id: '39fe628b-3aa8-4d49-bf01-e19c655b4d09', version: 1, name: 'Mechanical', position: 4 };
const SET: SetFacts = { id: 'ff226cf6-4f01-4199-a8f3-87e322d0e8e9', version: 1, name: 'Issued for Construction – Package 3', date: '2025-03-01' };
const DRAWING: DrawingFacts = {
  id: '1c6fd917-2ab3-4ccd-9a83-274710f3f935',
  version: 1,
  number: 'M-201',
  title: 'Level 2 East – HVAC Ductwork Plan',
  obsolete: false,
  areaId: AREA.id,
  disciplineId: DISCIPLINE.id,
};
const REVISION: RevisionFacts = {
  id: REVISION_ID,
  version: 2,
  drawingId: DRAWING.id,
  revisionNumber: 'C',
  revisionStatus: 'Issued for Construction',
  drawingDate: '2025-02-28',
  receivedDate: '2025-03-10',
  setId: SET.id,
  published: true,
  publishedAt: '2025-03-12T14:05:33.921Z',
};
const FILE: RevisionFileFacts = {
  fileId: UPLOAD_ID,
  sha256: '082381bd954d4e40bc667c8b80dc8d6bce44196691516fc0e888e446483ea86b',
  size: 2_483_117,
  contentType: 'application/pdf',
  filename: 'M-201_L2-East-HVAC-Ductwork_RevC.pdf',
};
/** The gateway cuts the file into FILE_CHUNK_BYTES chunks, the last one short. */
const CHUNK_COUNT = Math.ceil(FILE.size / FILE_CHUNK_BYTES);
/** As drawing-service's PublishedItems builds it (S1, S2). */
const PUBLISHED_ITEM: PublishedRevisionItem = { revision: REVISION, drawing: DRAWING, area: AREA, discipline: DISCIPLINE, set: SET, file: FILE };

/** drawing-service's list cursor: base64url of `{"after": <last id of the previous page>}`. */
const cursorAfter = (lastId: string) => Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');

/** The register commands of users: the gateway's drawings controllers send the actor, the project and the request. */
const upstream = { actor: UPSTREAM_ADMIN, projectId: UPSTREAM_PROJECT_ID };

/**
 * One payload per drawing message, as its producer builds it: user commands
 * as the gateway's drawings controllers and upload service send them, events
 * as drawing-service's handlers announce them, sync commands as sync-service
 * (connected copies, S1–S4) and connection-service (C5) send them.
 * Checked by contracts.spec.ts.
 */
export const SAMPLES: Record<string, object> = {
  [CreateAreaV1.routingKey]: { ...upstream, name: AREA.name, description: AREA_DESCRIPTION } satisfies CreateAreaPayload,
  [UpdateAreaV1.routingKey]: { ...upstream, areaId: AREA.id, name: 'Level 2 – East Wing (incl. imaging)' } satisfies UpdateAreaPayload,
  [DeleteAreaV1.routingKey]: { ...upstream, areaId: AREA.id, reason: 'Area merged into Level 2 – West Wing' } satisfies DeleteAreaPayload,
  [ListAreasV1.routingKey]: { ...upstream, limit: 100 } satisfies ListAreasPayload,
  [CreateDisciplineV1.routingKey]: { ...upstream, name: DISCIPLINE.name, position: DISCIPLINE.position } satisfies CreateDisciplinePayload,
  [UpdateDisciplineV1.routingKey]: { ...upstream, disciplineId: DISCIPLINE.id, position: 2.5 } satisfies UpdateDisciplinePayload,
  [ListDisciplinesV1.routingKey]: { ...upstream, limit: 50 } satisfies ListDisciplinesPayload,
  [CreateSetV1.routingKey]: { ...upstream, name: SET.name, date: SET.date } satisfies CreateSetPayload,
  [UpdateSetV1.routingKey]: { ...upstream, setId: SET.id, date: '2025-03-03' } satisfies UpdateSetPayload,
  [ListSetsV1.routingKey]: { ...upstream, limit: 50, cursor: cursorAfter(SET.id) } satisfies ListSetsPayload,
  // The gateway asks before it takes the file's bytes: permission only, no fields yet.
  [PrecheckRevisionV1.routingKey]: { ...upstream } satisfies PrecheckRevisionPayload,
  // The multipart form's fields, as strings, exactly as the client typed them.
  [CreateRevisionV1.routingKey]: {
    ...upstream,
    uploadId: UPLOAD_ID,
    fields: {
      areaId: AREA.id,
      disciplineId: DISCIPLINE.id,
      setId: SET.id,
      drawingNumber: DRAWING.number,
      title: DRAWING.title,
      revisionNumber: REVISION.revisionNumber,
      revisionStatus: 'Issued for Construction',
      drawingDate: '2025-02-28',
      receivedDate: '2025-03-10',
    },
  } satisfies CreateRevisionPayload,
  [PublishRevisionsV1.routingKey]: { ...upstream, revisionIds: [REVISION_ID, revisionIdOf(EARLIER_UPLOAD_ID)] } satisfies PublishRevisionsPayload,
  [ListRevisionsV1.routingKey]: { ...upstream, published: false, limit: 50 } satisfies ListRevisionsPayload,
  [GetRevisionV1.routingKey]: { ...upstream, revisionId: REVISION_ID } satisfies GetRevisionPayload,
  [UpdateRevisionV1.routingKey]: { ...upstream, revisionId: REVISION_ID, revisionStatus: 'Issued for Construction', receivedDate: '2025-03-11' } satisfies UpdateRevisionPayload,
  [ListDrawingsV1.routingKey]: { ...upstream, areaId: AREA.id, limit: 50, cursor: cursorAfter(DRAWING.id) } satisfies ListDrawingsPayload,
  [GetDrawingV1.routingKey]: { ...upstream, drawingId: DRAWING.id } satisfies GetDrawingPayload,
  [UpdateDrawingV1.routingKey]: { ...upstream, drawingId: DRAWING.id, title: 'Level 2 East – HVAC Ductwork and Dampers Plan', obsolete: false } satisfies UpdateDrawingPayload,
  [DeleteDrawingV1.routingKey]: { ...upstream, drawingId: DRAWING.id, reason: 'Superseded by M-201A' } satisfies DeleteDrawingPayload,
  // D5: the subcontractor marks up its connected copy of revision C, in its own project.
  [CreateMarkupV1.routingKey]: {
    actor: REQUESTER,
    projectId: DOWNSTREAM_PROJECT_ID,
    revisionId: connectedCopyId(CONNECTION_ID, 'revision', REVISION_ID),
    kind: 'cloud',
    data: { points: [[412.5, 318], [498, 318], [498, 371.25], [412.5, 371.25]], color: '#e53935', comment: 'Duct clashes with the cable tray at grid E/7' },
  } satisfies CreateMarkupPayload,
  [ListMarkupsV1.routingKey]: {
    actor: REQUESTER,
    projectId: DOWNSTREAM_PROJECT_ID,
    revisionId: connectedCopyId(CONNECTION_ID, 'revision', REVISION_ID),
    limit: 50,
  } satisfies ListMarkupsPayload,
  [ListDeletedRevisionsV1.routingKey]: { ...upstream, limit: 50 } satisfies ListDeletedRevisionsPayload,

  // drawing-service emits one event per revision it publishes.
  [RevisionsPublishedV1.routingKey]: {
    projectId: UPSTREAM_PROJECT_ID,
    items: [PUBLISHED_ITEM],
    publishId: '9f0c5a1e-2b7d-4c1e-8d0a-3f6b2c9e7a41',
    publishCount: 3,
  } satisfies RevisionsPublishedPayload,
  [DrawingUpdatedV1.routingKey]: {
    projectId: UPSTREAM_PROJECT_ID,
    drawing: { ...DRAWING, version: 2, title: 'Level 2 East – HVAC Ductwork and Dampers Plan' },
    area: AREA,
    discipline: DISCIPLINE,
  } satisfies DrawingUpdatedPayload,
  [RevisionUpdatedV1.routingKey]: {
    projectId: UPSTREAM_PROJECT_ID,
    revision: { ...REVISION, version: 3, receivedDate: '2025-03-11' },
    set: SET,
  } satisfies RevisionUpdatedPayload,
  [AreaUpdatedV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, area: { ...AREA, version: 2, name: 'Level 2 – East Wing (incl. imaging)' } } satisfies AreaUpdatedPayload,
  [DisciplineUpdatedV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, discipline: { ...DISCIPLINE, version: 2, position: 2.5 } } satisfies DisciplineUpdatedPayload,
  [SetUpdatedV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, set: { ...SET, version: 2, date: '2025-03-03' } } satisfies SetUpdatedPayload,
  [DrawingDeletedV1.routingKey]: {
    projectId: UPSTREAM_PROJECT_ID,
    drawingId: DRAWING.id,
    version: 3,
    number: DRAWING.number,
    revisionIds: [revisionIdOf(EARLIER_UPLOAD_ID), REVISION_ID],
    deletedAt: '2025-04-02T08:17:44.530Z',
  } satisfies DrawingDeletedPayload,
  [AreaDeletedV1.routingKey]: {
    projectId: UPSTREAM_PROJECT_ID,
    areaId: AREA.id,
    version: 3,
    drawingIds: [DRAWING.id],
    deletedAt: '2025-04-02T08:17:45.012Z',
  } satisfies AreaDeletedPayload,

  // S1: sync-service walks the upstream register from where its last page ended.
  [ListPublishedRevisionsV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, limit: 100, cursor: cursorAfter(REVISION_ID) } satisfies ListPublishedRevisionsPayload,
  // S1/S2: a published item spread in, with where it comes from.
  [ConnectedCopyUpsertV1.routingKey]: {
    projectId: DOWNSTREAM_PROJECT_ID,
    source: { connectionId: CONNECTION_ID, projectId: UPSTREAM_PROJECT_ID, projectName: UPSTREAM_PROJECT.projectName, companyName: UPSTREAM_PROJECT.companyName },
    ...PUBLISHED_ITEM,
  } satisfies ConnectedCopyUpsertPayload,
  // S4: the reason defaults to "deleted upstream".
  [ConnectedCopyDeleteV1.routingKey]: { projectId: DOWNSTREAM_PROJECT_ID, connectionId: CONNECTION_ID, upstreamDrawingId: DRAWING.id } satisfies ConnectedCopyDeletePayload,
  // Resync: copies of anything but revision C are extra.
  [ConnectedCopyPruneV1.routingKey]: { projectId: DOWNSTREAM_PROJECT_ID, connectionId: CONNECTION_ID, upstreamRevisionIds: [REVISION_ID] } satisfies ConnectedCopyPrunePayload,
  // S1: the initial copy reads every published revision id in one reply.
  [ListPublishedRevisionIdsV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID } satisfies ListPublishedRevisionIdsPayload,
  // S1/S2: the copy request of revision C and one revision no longer published: C was copied downstream, awaiting review.
  [ConnectedCopiesSettledV1.routingKey]: {
    connectionId: CONNECTION_ID,
    projectId: DOWNSTREAM_PROJECT_ID,
    batchId: `${CONNECTION_ID}:initial`,
    items: [
      {
        upstreamRevisionId: REVISION_ID,
        outcome: 'copied',
        revisionId: connectedCopyId(CONNECTION_ID, 'revision', REVISION_ID),
        drawingNumber: DRAWING.number,
        code: null,
        reason: null,
      },
      {
        upstreamRevisionId: 'c0f7b0e4-3d5a-4f8e-9a61-2b8d7c4e1f09',
        outcome: 'skipped',
        revisionId: null,
        drawingNumber: null,
        code: 'REVISION_NOT_FOUND',
        reason: 'the upstream revision is no longer published',
      },
    ],
  } satisfies ConnectedCopiesSettledPayload,
  // C5: connection-service counts both registers, downstream first.
  [GetRevisionCountV1.routingKey]: { projectIds: [DOWNSTREAM_PROJECT_ID, UPSTREAM_PROJECT_ID] } satisfies RevisionCountQuery,

  // D2: the gateway streams revision C's file chunk by chunk; this is the last, short one (its bytes are the message body).
  [FileChunkPutV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, uploadId: UPLOAD_ID, index: CHUNK_COUNT - 1 } satisfies FileChunkPutPayload,
  [FileUploadCompleteV1.routingKey]: {
    projectId: UPSTREAM_PROJECT_ID,
    uploadId: UPLOAD_ID,
    size: FILE.size,
    sha256: FILE.sha256,
    chunkCount: CHUNK_COUNT,
    filename: FILE.filename,
  } satisfies FileUploadCompletePayload,
  [FileUploadAbortV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, uploadId: UPLOAD_ID } satisfies FileUploadAbortPayload,
  [FileOpenV1.routingKey]: { ...upstream, revisionId: REVISION_ID } satisfies FileOpenPayload,
  [FileChunkGetV1.routingKey]: { projectId: UPSTREAM_PROJECT_ID, fileId: FILE.fileId, index: 1 } satisfies FileChunkGetPayload,
};
