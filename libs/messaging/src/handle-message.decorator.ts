import { MessageDefinition } from '@connect/contracts';

export const MESSAGE_HANDLER = 'connect:message-handler';

export interface HandlerOptions {
  /**
   * Skip messages whose id was already handled (requires an inbox).
   * @default true for events, false for commands (their replies must be recomputed)
   */
  dedupe?: boolean;
}

export interface HandlerMetadata {
  definition: MessageDefinition;
  options: HandlerOptions;
}

/**
 * Marks a provider method as the handler of one message. The payload is
 * validated against the definition's class before the method runs; the
 * method's return value is the reply of a command. Throw a DomainError for
 * an expected refusal (replied, or dead-lettered for an event); anything else
 * thrown is retried with back-off, then dead-lettered.
 */
export function HandleMessage(definition: MessageDefinition, options: HandlerOptions = {}): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const meta: HandlerMetadata = { definition, options };
    Reflect.defineMetadata(MESSAGE_HANDLER, meta, descriptor.value);
    return descriptor;
  };
}
