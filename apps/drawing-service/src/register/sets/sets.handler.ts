import {
  CreateSetPayload,
  CreateSetV1,
  ListSetsPayload,
  ListSetsV1,
  Page,
  SetUpdatedV1,
  SetView,
  UpdateSetPayload,
  UpdateSetV1,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireDrawings } from '../domain/access';
import { givenFields, refuseConnectedEdit } from '../domain/connected';
import { applyPatch } from '../domain/patch';
import { stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { setFacts } from '../views/facts';
import { setView } from '../views/register-views';

const EDITABLE = ['name', 'date'] as const;

/** Drawing sets (name, date): created and edited by Drawings admins (D1, D3). */
@Injectable()
export class SetsHandler {
  constructor(private readonly store: RegisterStore) {}

  @HandleMessage(CreateSetV1)
  async create(p: CreateSetPayload): Promise<SetView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const set = await this.store.sets.create(
      randomUUID(),
      { projectId: p.projectId, name: p.name.trim(), date: p.date, connected: false, origin: null, createdAt: new Date() },
      { kind: 'created', actorId: p.actor.userId },
    );
    return setView(set);
  }

  @HandleMessage(UpdateSetV1)
  async update(p: UpdateSetPayload): Promise<SetView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const set = await this.store.sets.get(p.projectId, p.setId);
    refuseConnectedEdit(set, `set "${set.name}"`, givenFields(p, EDITABLE));
    const { next, changed } = applyPatch(stateOf(set), { name: p.name?.trim(), date: p.date }, EDITABLE);
    if (!changed) return setView(set);
    const updated = await this.store.sets.update(set, next, {
      kind: 'updated',
      actorId: p.actor.userId,
      events: (n) => [{ definition: SetUpdatedV1, payload: { projectId: p.projectId, set: setFacts(n) } }],
    });
    return setView(updated);
  }

  @HandleMessage(ListSetsV1)
  async list(p: ListSetsPayload): Promise<Page<SetView>> {
    requireDrawings(p.actor, p.projectId, 'read');
    const page = await this.store.sets.page(p.projectId, {}, p);
    return { items: page.items.map(setView), nextCursor: page.nextCursor };
  }
}
