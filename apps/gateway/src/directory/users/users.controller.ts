import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { ApiErrors } from '../../http/api-errors.decorator';
import { CreateUserDto, UserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('directory')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (operator, or any company admin); emails are unique' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(403, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(principal, body);
  }
}
