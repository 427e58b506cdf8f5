import {
  AreaView,
  CurrentRevisionView,
  DeletedRevisionView,
  DisciplineView,
  DrawingDetailView,
  DrawingView,
  MarkupView,
  Page,
  RevisionView,
  SetView,
} from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { AreaState } from '../schemas/area.schema';
import { DeletedRevisionEntry } from '../schemas/deleted-revision.schema';
import { DisciplineState } from '../schemas/discipline.schema';
import { DrawingState } from '../schemas/drawing.schema';
import { MarkupDocument } from '../schemas/markup.schema';
import { RevisionState } from '../schemas/revision.schema';
import { SetState } from '../schemas/set.schema';
import { Entity } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

export function areaView(a: Entity<AreaState>): AreaView {
  return { id: a._id, name: a.name, description: a.description, connected: a.connected };
}

export function disciplineView(d: Entity<DisciplineState>): DisciplineView {
  return { id: d._id, name: d.name, position: d.position, connected: d.connected };
}

export function setView(s: Entity<SetState>): SetView {
  return { id: s._id, name: s.name, date: s.date, connected: s.connected };
}

export function markupView(m: MarkupDocument): MarkupView {
  const data = m.dataJson === undefined ? m.data : (JSON.parse(m.dataJson) as unknown);
  return { id: m._id, revisionId: m.revisionId, kind: m.kind, data, createdBy: m.createdBy, createdAt: new Date(m.createdAt).toISOString() };
}

export function deletedRevisionView(e: DeletedRevisionEntry): DeletedRevisionView {
  return {
    revisionId: e._id,
    drawingId: e.drawingId,
    drawingNumber: e.drawingNumber,
    title: e.title,
    revisionNumber: e.revisionNumber,
    deletedAt: new Date(e.deletedAt).toISOString(),
    deletedBy: e.deletedBy,
    deletedByName: e.deletedByName,
    reason: e.reason,
  };
}

function currentRevisionView(r: Entity<RevisionState>, sets: Map<string, Entity<SetState>>): CurrentRevisionView {
  const set = r.setId ? sets.get(r.setId) : undefined;
  return {
    id: r._id,
    revisionNumber: r.revisionNumber,
    revisionStatus: r.revisionStatus,
    drawingDate: r.drawingDate,
    receivedDate: r.receivedDate,
    set: set ? { id: set._id, name: set.name, date: set.date } : null,
    sha256: r.file.sha256,
    published: r.published,
  };
}

/**
 * Turns stored entities into the API's shapes (API.md "A drawing", "A
 * revision"), loading what they refer to (area, discipline, set, drawing)
 * with index-served lookups by id, all within the project.
 */
@Injectable()
export class RegisterViews {
  constructor(private readonly store: RegisterStore) {}

  /**
   * One index-served lookup per distinct id of the page: current revisions
   * (each drawing names its own), areas, disciplines, sets. A page reads at
   * most one document per drawing for each, whatever the project's size.
   */
  async drawings(projectId: string, drawings: Entity<DrawingState>[]): Promise<DrawingView[]> {
    const [areas, disciplines, currents] = await Promise.all([
      this.store.areas.findByIds(projectId, drawings.map((d) => d.areaId)),
      this.store.disciplines.findByIds(projectId, drawings.map((d) => d.disciplineId)),
      this.store.revisions.findByIds(projectId, drawings.flatMap((d) => (d.currentRevisionId ? [d.currentRevisionId] : []))),
    ]);
    const sets = await this.setsOf(projectId, [...currents.values()]);
    return drawings.map((d) => {
      const area = areas.get(d.areaId);
      const discipline = disciplines.get(d.disciplineId);
      const current = d.currentRevisionId ? currents.get(d.currentRevisionId) : undefined;
      const view: DrawingView = {
        id: d._id,
        number: d.number,
        title: d.title,
        obsolete: d.obsolete,
        connected: d.connected,
        connectedUpdateAvailable: d.connectedUpdateAvailable,
        area: { id: d.areaId, name: area?.name ?? '', description: area?.description ?? null },
        discipline: { id: d.disciplineId, name: discipline?.name ?? '', position: discipline?.position ?? 0 },
        currentRevision: current ? currentRevisionView(current, sets) : null,
      };
      if (d.source) view.source = { companyName: d.source.companyName, projectName: d.source.projectName };
      return view;
    });
  }

  async drawingDetail(projectId: string, drawing: Entity<DrawingState>, revisions: Page<Entity<RevisionState>>): Promise<DrawingDetailView> {
    const [view] = await this.drawings(projectId, [drawing]);
    return { ...view, revisions: await this.revisions(projectId, revisions.items, [drawing]), revisionsNextCursor: revisions.nextCursor };
  }

  /**
   * Drawings by id, one lookup each: a page of revisions may be sparse among
   * the drawings (a review queue of 50 in a project of 10,000), so their
   * buckets could hold far more drawings than the page needs.
   */
  async revisions(projectId: string, revisions: Entity<RevisionState>[], known: Entity<DrawingState>[] = []): Promise<RevisionView[]> {
    const drawings = new Map(known.map((d) => [d._id, d]));
    const missing = revisions.map((r) => r.drawingId).filter((id) => !drawings.has(id));
    const [loaded, sets] = await Promise.all([this.store.drawings.findByIds(projectId, missing), this.setsOf(projectId, revisions)]);
    for (const [id, d] of loaded) drawings.set(id, d);
    return revisions.map((r) => {
      const drawing = drawings.get(r.drawingId);
      return {
        ...currentRevisionView(r, sets),
        drawingId: r.drawingId,
        drawingNumber: drawing?.number ?? '',
        title: drawing?.title ?? '',
        connected: r.connected,
        publishedAt: iso(r.publishedAt),
        fileId: r.file.fileId,
        size: r.file.size,
        contentType: r.file.contentType,
        filename: r.file.filename,
        uploadedBy: r.uploadedBy,
        createdAt: new Date(r.createdAt).toISOString(),
      };
    });
  }

  private setsOf(projectId: string, revisions: Entity<RevisionState>[]): Promise<Map<string, Entity<SetState>>> {
    return this.store.sets.findByIds(projectId, revisions.flatMap((r) => (r.setId ? [r.setId] : [])));
  }
}
