import {
  Actor,
  CONNECTION_MANAGER_LEVELS,
  ConnectionManagerLevel,
  DistributionList,
  DomainError,
  GetDistributionListQuery,
  GetDistributionListV1,
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

  @HandleMessage(SetDistributionListV1)
  async set({ actor, projectId, distributionList }: SetDistributionListCommand): Promise<DistributionList> {
    requireConnectionManager(actor, projectId, 'admin');
    const emails = normaliseEmails(distributionList);
    // A PUT replaces the list: on a concurrent edit, the later writer rereads the version and wins.
    await retryOnConflict(async () => {
      const held = await this.lists.findById(projectId).lean<DistributionListDocument>();
      await this.changeLog.commit({
        aggregate: 'distribution-list',
        id: projectId,
        scope: projectId,
        expectedVersion: held?.version ?? 0,
        state: { emails },
        kind: 'edited',
        actorId: actor.userId,
        events: [],
      });
    });
    return { distributionList: emails, edited: true };
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
