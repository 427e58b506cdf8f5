import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { DirectoryModule } from '../directory/directory.module';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { ACCESS_TOKEN_MODEL, AccessTokenSchema } from './tokens/token.schema';
import { TokenRepository } from './tokens/token.repository';
import { TokensController } from './tokens/tokens.controller';
import { TokensService } from './tokens/tokens.service';

/** Bearer authentication of every route (global guard) and the personal access tokens. */
@Module({
  imports: [DirectoryModule, MongooseModule.forFeature([{ name: ACCESS_TOKEN_MODEL, schema: AccessTokenSchema }])],
  controllers: [TokensController],
  providers: [TokenRepository, TokensService, Authenticator, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
