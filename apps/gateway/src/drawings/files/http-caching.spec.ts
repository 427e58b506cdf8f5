import { contentDisposition, etagOf, matchesIfNoneMatch } from './http-caching';

const sha = 'a'.repeat(64);

describe('download caching headers (D2: ETag = SHA-256)', () => {
  it('quotes the SHA-256 as a strong ETag', () => {
    expect(etagOf(sha)).toBe(`"${sha}"`);
  });

  it.each([
    [`"${sha}"`, true],
    [`W/"${sha}"`, true],
    [`"other", "${sha}"`, true],
    ['*', true],
    [['"x"', `"${sha}"`], true],
    ['"other"', false],
    [sha, false],
    [undefined, false],
    ['', false],
  ])('If-None-Match %j matches: %s', (header, expected) => {
    expect(matchesIfNoneMatch(header as string | string[] | undefined, etagOf(sha))).toBe(expected);
  });

  it('names the file for the browser, ASCII fallback and exact UTF-8', () => {
    expect(contentDisposition('A-101 plan.pdf')).toBe(`inline; filename="A-101 plan.pdf"; filename*=UTF-8''A-101%20plan.pdf`);
    expect(contentDisposition('Grundriß "EG".pdf')).toBe(`inline; filename="Grundri_ _EG_.pdf"; filename*=UTF-8''Grundri%C3%9F%20%22EG%22.pdf`);
  });
});
