import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.decorator';
import { CurrentPrincipal } from '../current-principal.decorator';
import { Principal } from '../principal';
import { CreatedTokenDto, CreateTokenDto, TokenListDto } from './token.dto';
import { TokensService } from './tokens.service';

@ApiTags('directory')
@Controller('users/:userId/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a personal access token (operator, or an admin of every company of the user; never the user themself), optionally expiring',
  })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @ApiErrors(403, 404)
  create(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Body() body: CreateTokenDto): Promise<CreatedTokenDto> {
    return this.tokens.issue(principal, userId, body);
  }

  @Get()
  @ApiOperation({ summary: "List a user's tokens, without their secrets (operator, an admin of the user's company, or the user themself)" })
  @ApiOkResponse({ type: TokenListDto })
  @ApiErrors(403, 404)
  async list(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string): Promise<TokenListDto> {
    return { items: await this.tokens.list(principal, userId), nextCursor: null };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke every token of a user at once (operator, an admin of the user's company, or the user themself)" })
  @ApiNoContentResponse({ description: 'All revoked' })
  @ApiErrors(403, 404)
  revokeAll(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string): Promise<void> {
    return this.tokens.revokeAll(principal, userId);
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a token (operator, an admin of the user's company, or the user themself); it stops working at once" })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(403, 404)
  revoke(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Param('tokenId') tokenId: string): Promise<void> {
    return this.tokens.revoke(principal, userId, tokenId);
  }
}
