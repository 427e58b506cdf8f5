import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConnectionFollowerHandler } from './connection-follower.handler';
import { FOLLOWED_CONNECTION_MODEL, FollowedConnectionSchema } from './followed-connection.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: FOLLOWED_CONNECTION_MODEL, schema: FollowedConnectionSchema }])],
  providers: [ConnectionFollowerHandler],
})
export class ConnectionsModule {}
