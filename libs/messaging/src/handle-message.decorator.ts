import { MessageDefinition } from '@connect/contracts';

export const MESSAGE_HANDLER = 'connect:message-handler';

export interface HandlerMetadata {
  definition: MessageDefinition;
}

/**
 * Marks a provider method as the handler of one message. The payload is
 * validated against the definition's class before the method runs; the
 * method's return value is the reply of a command. Throw a DomainError for
 * an expected refusal (replied, or dead-lettered for an event); anything else
 * thrown is retried with back-off, then dead-lettered.
 */
export function HandleMessage(definition: MessageDefinition): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const meta: HandlerMetadata = { definition };
    Reflect.defineMetadata(MESSAGE_HANDLER, meta, descriptor.value);
    return descriptor;
  };
}
