import { retryOnConflict } from '@connect/persistence';
import {
  AreaDeletedV1,
  AreaUpdatedV1,
  AreaView,
  CreateAreaPayload,
  CreateAreaV1,
  DeleteAreaPayload,
  DeleteAreaV1,
  ListAreasPayload,
  ListAreasV1,
  Page,
  UpdateAreaPayload,
  UpdateAreaV1,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireDrawings } from '../domain/access';
import { givenFields, refuseConnectedEdit } from '../domain/connected';
import { applyPatch } from '../domain/patch';
import { DrawingRemoval } from '../drawings/drawing-removal';
import { stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { areaFacts } from '../views/facts';
import { areaView } from '../views/register-views';

const EDITABLE = ['name', 'description'] as const;

/** Drawing areas (name, description): created and edited by Drawings admins (D1, D3); deleting one deletes its drawings (D4). */
@Injectable()
export class AreasHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly removal: DrawingRemoval,
  ) {}

  @HandleMessage(CreateAreaV1)
  async create(p: CreateAreaPayload): Promise<AreaView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const area = await this.store.areas.create(
      randomUUID(),
      {
        projectId: p.projectId,
        name: p.name.trim(),
        description: p.description ?? null,
        connected: false,
        origin: null,
        createdAt: new Date(),
      },
      { kind: 'created', actorId: p.actor.userId },
    );
    return areaView(area);
  }

  @HandleMessage(UpdateAreaV1)
  async update(p: UpdateAreaPayload): Promise<AreaView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const area = await this.store.areas.get(p.projectId, p.areaId);
    refuseConnectedEdit(area, `area "${area.name}"`, givenFields(p, EDITABLE));
    const { next, changed } = applyPatch(stateOf(area), { name: p.name?.trim(), description: p.description }, EDITABLE);
    if (!changed) return areaView(area);
    const updated = await this.store.areas.update(area, next, {
      kind: 'updated',
      actorId: p.actor.userId,
      events: (n) => [
        {
          definition: AreaUpdatedV1,
          payload: { projectId: p.projectId, area: areaFacts(n) },
        },
      ],
    });
    return areaView(updated);
  }

  @HandleMessage(DeleteAreaV1)
  async delete(p: DeleteAreaPayload): Promise<{ deletedDrawings: number }> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const area = await this.store.areas.get(p.projectId, p.areaId);
    const deletion = {
      by: { userId: p.actor.userId, name: p.actor.name },
      reason: p.reason ?? `area "${area.name}" deleted`,
    };
    const deleted: string[] = [];
    const sweep = async () => {
      for (const drawing of await this.store.drawings.findMany(p.projectId, {
        areaId: area._id,
      })) {
        await this.removal.remove(p.projectId, drawing, deletion);
        deleted.push(drawing._id);
      }
    };
    await sweep();
    await retryOnConflict(async () => {
      const latest = await this.store.areas.find(p.projectId, area._id);
      if (!latest) return;
      await this.store.areas.remove(latest, {
        kind: 'deleted',
        actorId: p.actor.userId,
        data: { reason: deletion.reason },
        events: (last) => [
          {
            definition: AreaDeletedV1,
            payload: {
              projectId: p.projectId,
              areaId: area._id,
              version: last.version,
              drawingIds: [...deleted],
              deletedAt: new Date().toISOString(),
            },
          },
        ],
      });
    });
    // A drawing uploaded into the area while it was being deleted goes too.
    await sweep();
    return { deletedDrawings: deleted.length };
  }

  @HandleMessage(ListAreasV1)
  async list(p: ListAreasPayload): Promise<Page<AreaView>> {
    requireDrawings(p.actor, p.projectId, 'read');
    const page = await this.store.areas.page(p.projectId, {}, p);
    return { items: page.items.map(areaView), nextCursor: page.nextCursor };
  }
}
