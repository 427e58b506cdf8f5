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

  async create(principal: Principal, dto: CreateUserDto): Promise<UserDto> {
    requireSomeCompanyAdmin(principal, 'create users');
    if (await this.repo.userByEmail(dto.email)) throw emailTaken(dto.email);
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
      if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') throw emailTaken(dto.email);
      throw err;
    }
  }

  async existing(userId: string): Promise<User> {
    const user = await this.repo.users.get(userId);
    if (!user) throw new DomainError('USER_NOT_FOUND', `user ${userId} not found`);
    return user;
  }
}
