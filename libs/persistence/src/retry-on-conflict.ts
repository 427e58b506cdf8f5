import { DomainError } from '@connect/contracts';

/**
 * Runs a read-decide-commit step again when another writer committed the same
 * entity first (CONCURRENT_MODIFICATION from the change log), with a short
 * jittered pause, so that idempotent writes (PUT/PATCH, derived fields, sync)
 * converge instead of failing. Other errors, and the last attempt's, are thrown.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'CONCURRENT_MODIFICATION') || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}
