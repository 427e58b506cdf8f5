import { isDuplicateKeyError, isVersionConflictError } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProjectClaim } from '../domain/project-claim';
import { PROJECT_CLAIM_MODEL } from './project-claim.schema';

/**
 * Claims are written by insert (atomic on a unique `_id`), then changed only by a
 * compare-and-set on `version` (the version guard makes it atomic on FerretDB).
 */
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

  /** Replaces exactly the claim as it was read (`seen`) by `next`, raising its version; false when it changed meanwhile. */
  async replace(seen: ProjectClaim, next: Omit<ProjectClaim, 'version'>): Promise<boolean> {
    try {
      const res = await this.model.replaceOne({ _id: seen._id, version: seen.version }, { ...next, _id: seen._id, version: seen.version + 1 });
      return res.modifiedCount === 1;
    } catch (err) {
      if (isVersionConflictError(err)) return false;
      throw err;
    }
  }

  /** Deletes an upstream claim (`upstream:<projectId>:<connectionId>`: only its own connection writes it). */
  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }
}
