/**
 * D2: a drawing's type is decided by its first bytes, never by its name or
 * the Content-Type a client claims. Only what people send as drawings.
 */
const SIGNATURES: ReadonlyArray<{ contentType: string; magic: readonly number[] }> = [
  { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/tiff', magic: [0x49, 0x49, 0x2a, 0x00] }, // little-endian "II*\0"
  { contentType: 'image/tiff', magic: [0x4d, 0x4d, 0x00, 0x2a] }, // big-endian "MM\0*"
];

export const ACCEPTED_CONTENT_TYPES = [...new Set(SIGNATURES.map((s) => s.contentType))];

/** The content type of a file from its first bytes, or null when it is not an accepted drawing format. */
export function sniffContentType(head: Uint8Array): string | null {
  const match = SIGNATURES.find(({ magic }) => head.length >= magic.length && magic.every((byte, i) => head[i] === byte));
  return match?.contentType ?? null;
}
