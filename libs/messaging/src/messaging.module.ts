import { DynamicModule, Global, Module, ModuleMetadata } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerConnection } from './broker-connection';
import { BrokerHealthIndicator } from './broker.health';
import { MessageBus } from './message-bus';
import { MessageConsumer } from './message-consumer';
import { MESSAGING_OPTIONS, MessagingOptions, resolveOptions } from './messaging.options';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => MessagingOptions | Promise<MessagingOptions>;
}

@Global()
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, TerminusModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: unknown[]) => resolveOptions(await options.useFactory(...args)),
        },
        BrokerConnection,
        MessageBus,
        MessageConsumer,
        BrokerHealthIndicator,
      ],
      exports: [MessageBus, BrokerConnection, BrokerHealthIndicator, MESSAGING_OPTIONS],
    };
  }
}
