import {
  CreateDisciplinePayload,
  CreateDisciplineV1,
  DisciplineUpdatedV1,
  DisciplineView,
  ListDisciplinesPayload,
  ListDisciplinesV1,
  Page,
  UpdateDisciplinePayload,
  UpdateDisciplineV1,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireDrawings } from '../domain/access';
import { givenFields, refuseConnectedEdit } from '../domain/connected';
import { applyPatch } from '../domain/patch';
import { stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { disciplineFacts } from '../views/facts';
import { disciplineView } from '../views/register-views';

const EDITABLE = ['name', 'position'] as const;

/** Disciplines (name, position): created and edited by Drawings admins (D1, D3). */
@Injectable()
export class DisciplinesHandler {
  constructor(private readonly store: RegisterStore) {}

  @HandleMessage(CreateDisciplineV1)
  async create(p: CreateDisciplinePayload): Promise<DisciplineView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const position = p.position ?? (await this.nextPosition(p.projectId));
    const discipline = await this.store.disciplines.create(
      randomUUID(),
      { projectId: p.projectId, name: p.name.trim(), position, connected: false, origin: null, createdAt: new Date() },
      { kind: 'created', actorId: p.actor.userId },
    );
    return disciplineView(discipline);
  }

  @HandleMessage(UpdateDisciplineV1)
  async update(p: UpdateDisciplinePayload): Promise<DisciplineView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const discipline = await this.store.disciplines.get(p.projectId, p.disciplineId);
    refuseConnectedEdit(discipline, `discipline "${discipline.name}"`, givenFields(p, EDITABLE));
    const { next, changed } = applyPatch(stateOf(discipline), { name: p.name?.trim(), position: p.position }, EDITABLE);
    if (!changed) return disciplineView(discipline);
    const updated = await this.store.disciplines.update(discipline, next, {
      kind: 'updated',
      actorId: p.actor.userId,
      events: (n) => [{ definition: DisciplineUpdatedV1, payload: { projectId: p.projectId, discipline: disciplineFacts(n) } }],
    });
    return disciplineView(updated);
  }

  @HandleMessage(ListDisciplinesV1)
  async list(p: ListDisciplinesPayload): Promise<Page<DisciplineView>> {
    requireDrawings(p.actor, p.projectId, 'read');
    const page = await this.store.disciplines.page(p.projectId, {}, p);
    return { items: page.items.map(disciplineView), nextCursor: page.nextCursor };
  }

  /** After the last one; two created at once may share a position, which only ties their order. */
  private async nextPosition(projectId: string): Promise<number> {
    const all = await this.store.disciplines.findMany(projectId);
    return all.reduce((max, d) => Math.max(max, d.position), 0) + 1;
  }
}
