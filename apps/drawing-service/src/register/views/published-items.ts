import { PublishedRevisionItem } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { RevisionState } from '../schemas/revision.schema';
import { Entity } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { areaFacts, disciplineFacts, drawingFacts, fileFacts, revisionFacts, setFacts } from './facts';

/**
 * Builds published revision items (S1, S2): each revision with its drawing,
 * area, discipline, set and file. Revisions caught mid-deletion are left out.
 */
@Injectable()
export class PublishedItems {
  constructor(private readonly store: RegisterStore) {}

  async of(projectId: string, revisions: Entity<RevisionState>[]): Promise<PublishedRevisionItem[]> {
    const drawings = await this.store.drawings.findByIds(
      projectId,
      revisions.map((r) => r.drawingId),
    );
    const [areas, disciplines, sets] = await Promise.all([
      this.store.areas.findByIds(projectId, [...drawings.values()].map((d) => d.areaId)),
      this.store.disciplines.findByIds(projectId, [...drawings.values()].map((d) => d.disciplineId)),
      this.store.sets.findByIds(projectId, revisions.flatMap((r) => (r.setId ? [r.setId] : []))),
    ]);
    return revisions.flatMap((r) => {
      const drawing = drawings.get(r.drawingId);
      const area = drawing && areas.get(drawing.areaId);
      const discipline = drawing && disciplines.get(drawing.disciplineId);
      const set = r.setId ? sets.get(r.setId) : null;
      // Its drawing, area or discipline is gone: the revision is being deleted and its deletion event follows.
      if (!drawing || !area || !discipline || set === undefined) return [];
      return {
        revision: revisionFacts(r),
        drawing: drawingFacts(drawing),
        area: areaFacts(area),
        discipline: disciplineFacts(discipline),
        set: set ? setFacts(set) : null,
        file: fileFacts(r.file),
      };
    });
  }
}
