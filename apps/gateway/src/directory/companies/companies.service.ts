import { retryOnConflict } from '@connect/persistence';
import { DomainError } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireCompanyAdmin, requireOperator } from '../../auth/authorization';
import { Principal, principalId } from '../../auth/principal';
import { companyChanged } from '../directory-events';
import { DirectoryRepository } from '../directory.repository';
import { Company, CompanyState } from '../schemas/company.schema';
import { CompanyDto, CreateCompanyDto, UpdateCompanySettingsDto } from './company.dto';

export function toCompanyDto(c: Company): CompanyDto {
  return {
    id: c._id,
    name: c.name,
    govCloud: c.govCloud,
    settings: {
      connectionApproval: c.settings.connectionApproval,
      connectBeta: c.settings.connectBeta,
    },
  };
}

@Injectable()
export class CompaniesService {
  constructor(private readonly repo: DirectoryRepository) {}

  async create(principal: Principal, dto: CreateCompanyDto): Promise<CompanyDto> {
    requireOperator(principal, 'create companies');
    const id = randomUUID();
    const state: CompanyState = {
      name: dto.name,
      govCloud: dto.govCloud ?? false,
      settings: {
        connectionApproval: dto.settings?.connectionApproval ?? 'automatic',
        connectBeta: dto.settings?.connectBeta ?? false,
      },
      createdAt: new Date(),
    };
    const saved = await this.repo.companies.save(id, 0, state, {
      scope: id,
      kind: 'created',
      actorId: principalId(principal),
      events: (c) => [companyChanged(c)],
    });
    return toCompanyDto(saved);
  }

  async updateSettings(principal: Principal, companyId: string, dto: UpdateCompanySettingsDto): Promise<CompanyDto> {
    return retryOnConflict(async () => {
      const company = await this.visible(principal, companyId);
      requireCompanyAdmin(principal, companyId, "change the company's settings");
      const settings = { ...company.settings, ...definedOnly(dto) };
      if (settings.connectionApproval === company.settings.connectionApproval && settings.connectBeta === company.settings.connectBeta)
        return toCompanyDto(company);
      const { _id, version, ...state } = company;
      const saved = await this.repo.companies.save(
        _id,
        version,
        { ...state, settings },
        {
          scope: companyId,
          kind: 'settings-changed',
          actorId: principalId(principal),
          events: (c) => [companyChanged(c)],
        },
      );
      return toCompanyDto(saved);
    });
  }

  /**
   * The company, for the operator and the users at it. For anyone else it
   * does not exist: 404 COMPANY_NOT_FOUND, the answer for an unknown id, so
   * company ids of other tenants cannot be probed (issue 15, finding 5).
   */
  async visible(principal: Principal, companyId: string): Promise<Company> {
    const company = await this.repo.companies.get(companyId);
    const visible = principal.kind === 'operator' || principal.actor.companies.some((c) => c.companyId === companyId);
    if (!company || !visible) throw new DomainError('COMPANY_NOT_FOUND', `company ${companyId} not found`);
    return company;
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
