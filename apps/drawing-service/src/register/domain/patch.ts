/**
 * Applies the given fields of a PATCH to a state; `changed` is false when
 * they all equal what is there, so an empty or idempotent PATCH neither
 * bumps the version nor emits an event.
 */
export function applyPatch<S extends object, K extends keyof S>(state: S, patch: Partial<Pick<S, K>>, fields: readonly K[]): { next: S; changed: boolean } {
  const next = { ...state };
  let changed = false;
  for (const f of fields) {
    const value = patch[f];
    if (value === undefined || value === state[f]) continue;
    next[f] = value as S[K];
    changed = true;
  }
  return { next, changed };
}
