import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireCompanyAdmin } from '../../auth/authorization';
import { Principal, principalId } from '../../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { projectChanged } from '../directory-events';
import { DirectoryRepository } from '../directory.repository';
import { Project } from '../schemas/project.schema';
import { CreateProjectDto, ProjectDto } from './project.dto';

export function toProjectDto(p: Project): ProjectDto {
  return { id: p._id, companyId: p.companyId, name: p.name };
}

@Injectable()
export class ProjectsService {
  constructor(
    private readonly repo: DirectoryRepository,
    private readonly companies: CompaniesService,
  ) {}

  async create(principal: Principal, companyId: string, dto: CreateProjectDto): Promise<ProjectDto> {
    await this.companies.visible(principal, companyId);
    requireCompanyAdmin(principal, companyId, 'create projects');
    const id = randomUUID();
    const saved = await this.repo.projects.save(
      id,
      0,
      { companyId, name: dto.name, createdAt: new Date() },
      { scope: id, kind: 'created', actorId: principalId(principal), events: (p) => [projectChanged(p)] },
    );
    return toProjectDto(saved);
  }
}
