import { DomainError } from '@connect/contracts';

/**
 * Runs a read-modify-write again when another writer changed the entity in
 * between (CONCURRENT_MODIFICATION). For PUT and PATCH, whose result does not
 * depend on which writer came first beyond last-writer-wins.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'CONCURRENT_MODIFICATION') || i >= attempts) throw err;
    }
  }
}
