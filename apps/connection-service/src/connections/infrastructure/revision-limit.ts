import { ConnectionSide, GetRevisionCountV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { ConnectionServiceConfig } from '../../config';
import { checkRevisionCounts } from '../domain/request-rules';

/** C5 on both sides, with the counts asked of drawing-service (the owner of the registers). */
@Injectable()
export class RevisionLimit {
  constructor(
    private readonly bus: MessageBus,
    private readonly config: ConnectionServiceConfig,
  ) {}

  async check(downstream: Pick<ConnectionSide, 'projectId' | 'projectName'>, upstream: Pick<ConnectionSide, 'projectId' | 'projectName'>): Promise<void> {
    const { counts } = await this.bus.request(GetRevisionCountV1, { projectIds: [downstream.projectId, upstream.projectId] });
    checkRevisionCounts(
      [
        { side: 'downstream', ...downstream },
        { side: 'upstream', ...upstream },
      ],
      counts,
      this.config.CONNECTION_MAX_REVISIONS,
    );
  }
}
