import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DirectoryReplicaModule } from '../directory/directory.module';
import { DISTRIBUTION_LIST_MODEL, DistributionListSchema } from './distribution-list.schema';
import { DistributionListsHandler } from './distribution-lists.handler';

@Module({
  imports: [DirectoryReplicaModule, MongooseModule.forFeature([{ name: DISTRIBUTION_LIST_MODEL, schema: DistributionListSchema }])],
  providers: [DistributionListsHandler],
  exports: [DistributionListsHandler],
})
export class DistributionListsModule {}
