import { AreaFacts, DisciplineFacts, DrawingFacts, RevisionFacts, RevisionFileFacts, SetFacts } from '@connect/contracts';
import { AreaState } from '../schemas/area.schema';
import { DisciplineState } from '../schemas/discipline.schema';
import { DrawingState } from '../schemas/drawing.schema';
import { RevisionFile, RevisionState } from '../schemas/revision.schema';
import { SetState } from '../schemas/set.schema';
import { Entity } from '../store/entity-store';

/* Register entities as events and sync commands carry them (state + version). */

export function areaFacts(a: Entity<AreaState>): AreaFacts {
  return { id: a._id, version: a.version, name: a.name, description: a.description };
}

export function disciplineFacts(d: Entity<DisciplineState>): DisciplineFacts {
  return { id: d._id, version: d.version, name: d.name, position: d.position };
}

export function setFacts(s: Entity<SetState>): SetFacts {
  return { id: s._id, version: s.version, name: s.name, date: s.date };
}

export function drawingFacts(d: Entity<DrawingState>): DrawingFacts {
  return { id: d._id, version: d.version, number: d.number, title: d.title, obsolete: d.obsolete, areaId: d.areaId, disciplineId: d.disciplineId };
}

export function revisionFacts(r: Entity<RevisionState>): RevisionFacts {
  return {
    id: r._id,
    version: r.version,
    drawingId: r.drawingId,
    revisionNumber: r.revisionNumber,
    revisionStatus: r.revisionStatus,
    drawingDate: r.drawingDate,
    receivedDate: r.receivedDate,
    setId: r.setId,
    published: r.published,
    publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null,
  };
}

export function fileFacts(f: RevisionFile): RevisionFileFacts {
  return { fileId: f.fileId, sha256: f.sha256, size: f.size, contentType: f.contentType, filename: f.filename };
}
