import { AsyncLocalStorage } from 'node:async_hooks';

export interface MessageContextState {
  correlationId: string;
  /** The message or request being handled; becomes the causationId of what it publishes. */
  causationId: string | null;
}

const storage = new AsyncLocalStorage<MessageContextState>();

/**
 * Carries the correlation id of the current HTTP request or message across
 * async calls, so logs and every published message name the user action
 * that caused them without passing it by hand.
 */
export const MessageContext = {
  run<T>(state: MessageContextState, fn: () => T): T {
    return storage.run(state, fn);
  },
  current(): MessageContextState | undefined {
    return storage.getStore();
  },
};
