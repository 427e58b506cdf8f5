import { isDuplicateKeyError } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProjectClaim } from '../domain/project-claim';
import { PROJECT_CLAIM_MODEL } from './project-claim.schema';

/** Claims are written by insert (atomic on a unique `_id`) and delete only, except the C11 mark. */
@Injectable()
export class ProjectClaimRepository {
  constructor(@InjectModel(PROJECT_CLAIM_MODEL) private readonly model: Model<ProjectClaim>) {}

  /** True when inserted; false when a claim with that `_id` exists already. */
  async insert(claim: ProjectClaim): Promise<boolean> {
    try {
      await this.model.create(claim);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  get(id: string): Promise<ProjectClaim | null> {
    return this.model.findById(id).lean<ProjectClaim>();
  }

  ofProject(projectId: string): Promise<ProjectClaim[]> {
    return this.model.find({ projectId }).lean<ProjectClaim[]>();
  }

  /** Deletes the claim only while it is still `connectionId`'s (a newer holder keeps its own). */
  async remove(id: string, connectionId: string): Promise<void> {
    await this.model.deleteOne({ _id: id, connectionId });
  }

  /**
   * C11: the downstream claim stays, marked. Only the one disconnect that won
   * its version writes this, so the non-atomic update has no competitor.
   */
  async markDisconnected(id: string, connectionId: string): Promise<void> {
    await this.model.updateOne({ _id: id, connectionId }, { $set: { disconnected: true } });
  }
}
