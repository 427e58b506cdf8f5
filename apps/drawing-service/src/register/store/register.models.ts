import { MongooseModule } from '@nestjs/mongoose';
import { AreaSchema } from '../schemas/area.schema';
import { DeletedRevisionSchema } from '../schemas/deleted-revision.schema';
import { DisciplineSchema } from '../schemas/discipline.schema';
import { DrawingSchema } from '../schemas/drawing.schema';
import { MarkupSchema } from '../schemas/markup.schema';
import { RevisionSchema } from '../schemas/revision.schema';
import { SetSchema } from '../schemas/set.schema';
import { RegisterStampSchema } from '../schemas/register-stamp.schema';
import { MODELS } from './register.store';
import { REGISTER_STAMP_MODEL } from './register-stamps';

export const RegisterModels = MongooseModule.forFeature([
  { name: MODELS.area, schema: AreaSchema, collection: 'drawing_areas' },
  { name: MODELS.discipline, schema: DisciplineSchema, collection: 'drawing_disciplines' },
  { name: MODELS.set, schema: SetSchema, collection: 'drawing_sets' },
  { name: MODELS.drawing, schema: DrawingSchema, collection: 'drawings' },
  { name: MODELS.revision, schema: RevisionSchema, collection: 'drawing_revisions' },
  { name: MODELS.markup, schema: MarkupSchema, collection: 'drawing_markups' },
  { name: MODELS.deletedRevision, schema: DeletedRevisionSchema, collection: 'deleted_drawing_revisions' },
  { name: REGISTER_STAMP_MODEL, schema: RegisterStampSchema, collection: 'register_stamps' },
]);
