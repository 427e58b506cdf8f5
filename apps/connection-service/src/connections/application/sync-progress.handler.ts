import { SyncProgressReportedPayload, SyncProgressReportedV1 } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { SyncProgressRepository } from '../infrastructure/sync-progress.repository';

/** C12/S8: each connection shows the sync progress sync-service last reported. */
@Injectable()
export class SyncProgressHandler {
  constructor(private readonly progress: SyncProgressRepository) {}

  @HandleMessage(SyncProgressReportedV1)
  async onReported(report: SyncProgressReportedPayload): Promise<void> {
    await this.progress.record(report.connectionId, { progress: report.progress, connectionVersion: report.connectionVersion, reportedAt: new Date(report.reportedAt) });
  }
}
