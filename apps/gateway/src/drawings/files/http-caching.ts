/** The strong ETag of a stored file: its SHA-256 (D2), quoted. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/** True when an `If-None-Match` header names this ETag (weak comparison, RFC 9110 §13.1.2) or is `*`. */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  return tags.some((t) => t === '*' || opaque(t) === opaque(etag));
}

/** `inline` with the client's file name: an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
