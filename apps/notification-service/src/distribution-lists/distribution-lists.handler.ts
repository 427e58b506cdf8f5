import {
  Actor,
  CONNECTION_MANAGER_LEVELS,
  ConnectionManagerLevel,
  DistributionList,
  DistributionListChange,
  DomainError,
  GetDistributionListQuery,
  GetDistributionListV1,
  ListDistributionListChangesV1,
  SetDistributionListCommand,
  SetDistributionListV1,
  levelRank,
  membershipOf,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { ChangeLog, retryOnConflict } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProjectMembersRepository } from '../directory/project-members.repository';
import { DISTRIBUTION_LIST_MODEL, DistributionListDocument } from './distribution-list.schema';

/** Throws unless the actor has at least `level` on the project's Connection Manager. */
export function requireConnectionManager(actor: Actor, projectId: string, level: ConnectionManagerLevel): void {
  const membership = membershipOf(actor, projectId);
  if (!membership) throw new DomainError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
  if (levelRank(CONNECTION_MANAGER_LEVELS, membership.connectionManager) < levelRank(CONNECTION_MANAGER_LEVELS, level)) {
    throw new DomainError('PERMISSION_REQUIRED', `Connection Manager ${level} on the project is required`);
  }
}

/** Lower-cased, without duplicates, in the order given. */
export function normaliseEmails(emails: string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}

/**
 * N1: each project's Connection Manager distribution list. Until a CM admin
 * edits it, it is the project's current Connection Manager admins; once
 * edited, it is what they set. Edits go through the change log (audit trail).
 */
@Injectable()
export class DistributionListsHandler {
  constructor(
    @InjectModel(DISTRIBUTION_LIST_MODEL)
    private readonly lists: Model<DistributionListDocument>,
    private readonly members: ProjectMembersRepository,
    private readonly changeLog: ChangeLog,
  ) {
    changeLog.register('distribution-list', lists as never);
  }

  @HandleMessage(GetDistributionListV1)
  async get({ actor, projectId }: GetDistributionListQuery): Promise<DistributionList> {
    requireConnectionManager(actor, projectId, 'read_only');
    return this.current(projectId);
  }

  /** N1: every edit of the list, oldest first — who, when, before and after. */
  @HandleMessage(ListDistributionListChangesV1)
  async changes({ actor, projectId }: GetDistributionListQuery): Promise<DistributionListChange[]> {
    requireConnectionManager(actor, projectId, 'read_only');
    const records = await this.changeLog.history('distribution-list', projectId);
    return records.map((r) => ({
      changedBy: r.actorId ?? '',
      changedAt: r.at.toISOString(),
      before: (r.data['before'] as string[] | undefined) ?? [],
      after: ((r.state?.['emails'] as string[] | undefined) ?? []),
    }));
  }

  @HandleMessage(SetDistributionListV1)
  async set({ actor, projectId, distributionList }: SetDistributionListCommand): Promise<DistributionList> {
    requireConnectionManager(actor, projectId, 'admin');
    const emails = normaliseEmails(distributionList);
    // A PUT replaces the list: on a concurrent edit, the later writer rereads the version and wins.
    await retryOnConflict(async () => {
      const held = await this.lists.findById(projectId).lean<DistributionListDocument>();
      // The list before the edit, as recipients saw it: the edited list, or the CM admins while never edited.
      const before = held ? held.emails : await this.members.emailsWith(projectId, 'admin');
      await this.changeLog.commit({
        aggregate: 'distribution-list',
        id: projectId,
        scope: projectId,
        expectedVersion: held?.version ?? 0,
        state: { emails },
        kind: 'edited',
        actorId: actor.userId,
        data: { before },
        events: [],
      });
    });
    return { distributionList: emails, edited: true };
  }

  /** The addresses a project's connection notices go to (N1, N2). */
  async emailsOf(projectId: string): Promise<string[]> {
    return (await this.current(projectId)).distributionList;
  }

  private async current(projectId: string): Promise<DistributionList> {
    const held = await this.lists.findById(projectId).lean<DistributionListDocument>();
    if (held) return { distributionList: held.emails, edited: true };
    return {
      distributionList: await this.members.emailsWith(projectId, 'admin'),
      edited: false,
    };
  }
}
