import { givenFields, refuseConnectedEdit } from './connected';

describe('D6 connected copies: synced metadata is read-only downstream', () => {
  it('refuses an edit of a connected entity with 422 DRAWING_CONNECTED_READ_ONLY naming the fields', () => {
    expect(() => refuseConnectedEdit({ connected: true }, 'drawing A-1', ['title'])).toThrow(
      expect.objectContaining({ code: 'DRAWING_CONNECTED_READ_ONLY', details: { fields: ['title'] } }),
    );
  });

  it('lets local entities be edited, and an empty edit of a connected one through (nothing changes)', () => {
    expect(() => refuseConnectedEdit({ connected: false }, 'drawing A-1', ['title'])).not.toThrow();
    expect(() => refuseConnectedEdit({ connected: true }, 'drawing A-1', [])).not.toThrow();
  });

  it('counts only the fields a PATCH gave', () => {
    expect(givenFields({ title: 'x', number: undefined, obsolete: false }, ['title', 'number', 'obsolete'])).toEqual(['title', 'obsolete']);
  });
});
