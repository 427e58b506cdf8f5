import { Module } from '@nestjs/common';
import { ENGINE_MODELS } from '../engine/engine.module';
import { DrawingsTool } from './drawings.tool';
import { UpstreamEventsHandler } from './upstream-events.handler';

/** Drawings, the first tool of the sync engine (S1–S5). */
@Module({
  imports: [ENGINE_MODELS],
  providers: [DrawingsTool, UpstreamEventsHandler],
  exports: [DrawingsTool],
})
export class DrawingsSyncModule {}
