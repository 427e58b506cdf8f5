import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.decorator';
import { CurrentPrincipal } from '../current-principal.decorator';
import { Principal } from '../principal';
import { CreatedTokenDto, TokenListDto } from './token.dto';
import { TokensService } from './tokens.service';

@ApiTags('directory')
@Controller('users/:userId/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiOperation({ summary: 'Create a personal access token (operator, or the user themself)' })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @ApiErrors(403, 404)
  create(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string): Promise<CreatedTokenDto> {
    return this.tokens.issue(principal, userId);
  }

  @Get()
  @ApiOperation({ summary: "List a user's tokens, without their secrets (operator, or the user themself)" })
  @ApiOkResponse({ type: TokenListDto })
  @ApiErrors(403, 404)
  async list(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string): Promise<TokenListDto> {
    return { items: await this.tokens.list(principal, userId), nextCursor: null };
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token (operator, or the user themself); it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(403, 404)
  revoke(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Param('tokenId') tokenId: string): Promise<void> {
    return this.tokens.revoke(principal, userId, tokenId);
  }
}
