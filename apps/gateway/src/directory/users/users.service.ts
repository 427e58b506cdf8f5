import { DomainError } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireSomeCompanyAdmin } from '../../auth/authorization';
import { Principal, principalId } from '../../auth/principal';
import { userChanged } from '../directory-events';
import { DirectoryRepository } from '../directory.repository';
import { User } from '../schemas/user.schema';
import { CreateUserDto, UserDto } from './user.dto';

export function toUserDto(u: User): UserDto {
  return { id: u._id, email: u.email, name: u.name };
}

const emailTaken = (email: string) => new DomainError('USER_EMAIL_TAKEN', `a user with email ${email} already exists`);

@Injectable()
export class UsersService {
  constructor(private readonly repo: DirectoryRepository) {}

  /**
   * A company admin learns nothing from an address already registered
   * (issue 15, finding 4): they get the same 201 as for a new address,
   * carrying what they sent, and nothing changes. The id is then only theirs
   * to use if the user is visible to them (see DirectoryService.visibleUser):
   * enrolling an existing user of another company is the operator's.
   */
  async create(principal: Principal, dto: CreateUserDto): Promise<UserDto> {
    requireSomeCompanyAdmin(principal, 'create users');
    const existing = await this.repo.userByEmail(dto.email);
    if (existing && principal.kind === 'user') return { id: existing._id, email: dto.email, name: dto.name };
    if (existing) throw emailTaken(dto.email);
    const id = randomUUID();
    try {
      const saved = await this.repo.users.save(
        id,
        0,
        { email: dto.email, name: dto.name, createdAt: new Date(), createdBy: principalId(principal) },
        { scope: id, kind: 'created', actorId: principalId(principal), events: (u) => [userChanged(u)] },
      );
      return toUserDto(saved);
    } catch (err) {
      // Another request created the same address since the check: the unique index refused this one.
      if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') {
        const winner = principal.kind === 'user' ? await this.repo.userByEmail(dto.email) : null;
        if (winner) return { id: winner._id, email: dto.email, name: dto.name };
        throw emailTaken(dto.email);
      }
      throw err;
    }
  }
}
