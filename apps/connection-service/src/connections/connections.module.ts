import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConnectionDecisionsHandler } from './application/connection-decisions.handler';
import { ConnectionLifecycle } from './application/connection-lifecycle.service';
import { ConnectionQueriesHandler } from './application/connection-queries.handler';
import { ProjectClaims } from './application/project-claims.service';
import { RequestConnectionHandler } from './application/request-connection.handler';
import { SyncProgressHandler } from './application/sync-progress.handler';
import { Clock, SystemClock } from './domain/clock';
import { CONNECTION_MODEL, ConnectionSchema } from './infrastructure/connection.schema';
import { ConnectionRepository } from './infrastructure/connection.repository';
import { PROJECT_CLAIM_MODEL, ProjectClaimSchema } from './infrastructure/project-claim.schema';
import { ProjectClaimRepository } from './infrastructure/project-claim.repository';
import { RevisionLimit } from './infrastructure/revision-limit';
import { SYNC_PROGRESS_MODEL, SyncProgressSchema } from './infrastructure/sync-progress.schema';
import { SyncProgressRepository } from './infrastructure/sync-progress.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CONNECTION_MODEL, schema: ConnectionSchema },
      { name: PROJECT_CLAIM_MODEL, schema: ProjectClaimSchema },
      { name: SYNC_PROGRESS_MODEL, schema: SyncProgressSchema },
    ]),
  ],
  providers: [
    { provide: Clock, useClass: SystemClock },
    ConnectionRepository,
    ProjectClaimRepository,
    SyncProgressRepository,
    RevisionLimit,
    ProjectClaims,
    ConnectionLifecycle,
    RequestConnectionHandler,
    ConnectionDecisionsHandler,
    ConnectionQueriesHandler,
    SyncProgressHandler,
  ],
})
export class ConnectionsModule {}
