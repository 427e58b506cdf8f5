import { ChangeLog } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AreaState } from '../schemas/area.schema';
import { DeletedRevisionEntry } from '../schemas/deleted-revision.schema';
import { DisciplineState } from '../schemas/discipline.schema';
import { DrawingState } from '../schemas/drawing.schema';
import { MarkupDocument } from '../schemas/markup.schema';
import { RevisionState } from '../schemas/revision.schema';
import { SetState } from '../schemas/set.schema';
import { EntityStore } from './entity-store';

/** Mongoose model names of the register (see register.models.ts). */
export const MODELS = {
  area: 'DrawingArea',
  discipline: 'DrawingDiscipline',
  set: 'DrawingSet',
  drawing: 'Drawing',
  revision: 'DrawingRevision',
  markup: 'DrawingMarkup',
  deletedRevision: 'DeletedDrawingRevision',
} as const;

/** The register's collections, each entity kind behind its project-scoped store. */
@Injectable()
export class RegisterStore {
  readonly areas: EntityStore<AreaState>;
  readonly disciplines: EntityStore<DisciplineState>;
  readonly sets: EntityStore<SetState>;
  readonly drawings: EntityStore<DrawingState>;
  readonly revisions: EntityStore<RevisionState>;

  constructor(
    changeLog: ChangeLog,
    @InjectModel(MODELS.area) areas: Model<AreaState>,
    @InjectModel(MODELS.discipline) disciplines: Model<DisciplineState>,
    @InjectModel(MODELS.set) sets: Model<SetState>,
    @InjectModel(MODELS.drawing) drawings: Model<DrawingState>,
    @InjectModel(MODELS.revision) revisions: Model<RevisionState>,
    @InjectModel(MODELS.markup) readonly markups: Model<MarkupDocument>,
    @InjectModel(MODELS.deletedRevision) readonly deletedRevisions: Model<DeletedRevisionEntry>,
  ) {
    this.areas = new EntityStore('drawing-area', areas, changeLog, 'AREA_NOT_FOUND');
    this.disciplines = new EntityStore('drawing-discipline', disciplines, changeLog, 'DISCIPLINE_NOT_FOUND');
    this.sets = new EntityStore('drawing-set', sets, changeLog, 'SET_NOT_FOUND');
    this.drawings = new EntityStore('drawing', drawings, changeLog, 'DRAWING_NOT_FOUND');
    this.revisions = new EntityStore('drawing-revision', revisions, changeLog, 'REVISION_NOT_FOUND');
  }
}
