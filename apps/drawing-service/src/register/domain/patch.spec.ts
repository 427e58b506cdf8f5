import { applyPatch } from './patch';

describe('applyPatch (D3 edits)', () => {
  const state = { name: 'Level 1', description: 'old' as string | null, other: 1 };

  it('applies given fields only', () => {
    expect(applyPatch(state, { description: 'new' }, ['name', 'description'])).toEqual({ next: { ...state, description: 'new' }, changed: true });
  });

  it('reports no change for an empty or idempotent patch (no new version, no event)', () => {
    expect(applyPatch(state, {}, ['name']).changed).toBe(false);
    expect(applyPatch(state, { name: 'Level 1' }, ['name']).changed).toBe(false);
  });
});
