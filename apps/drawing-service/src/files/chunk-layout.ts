import { DomainError, FILE_CHUNK_BYTES } from '@connect/contracts';

/** A stored chunk as the upload's receipts list it (its bytes stay in `fs.chunks`). */
export interface PartReceipt {
  n: number;
  size: number;
}

export function chunkCountOf(size: number, chunkBytes = FILE_CHUNK_BYTES): number {
  return Math.ceil(size / chunkBytes);
}

/** True when a chunk that starts at `index` and holds `size` bytes ends past `maxBytes`. */
export function crossesLimit(index: number, size: number, maxBytes: number, chunkBytes = FILE_CHUNK_BYTES): boolean {
  return index * chunkBytes + size > maxBytes;
}

/**
 * Checks that the stored chunks of an upload make exactly the file the
 * gateway streamed: chunks 0..chunkCount-1, each present once, every one
 * full but the last, adding up to `size`. Throws UPLOAD_INCOMPLETE naming
 * the first problem.
 */
export function verifyParts(parts: PartReceipt[], expected: { size: number; chunkCount: number }, chunkBytes = FILE_CHUNK_BYTES): void {
  const { size, chunkCount } = expected;
  const fail = (why: string): never => {
    throw new DomainError('UPLOAD_INCOMPLETE', `upload is not complete: ${why}`, { size, chunkCount, stored: parts.length });
  };
  if (chunkCount !== chunkCountOf(size, chunkBytes)) fail(`${chunkCount} chunks cannot hold ${size} bytes`);
  const byIndex = new Map<number, PartReceipt>();
  for (const p of parts) {
    if (p.n >= chunkCount) fail(`chunk ${p.n} is past the last chunk ${chunkCount - 1}`);
    byIndex.set(p.n, p);
  }
  for (let n = 0; n < chunkCount; n++) {
    const part = byIndex.get(n);
    if (!part) fail(`chunk ${n} is missing`);
    const want = n < chunkCount - 1 ? chunkBytes : size - n * chunkBytes;
    if (part!.size !== want) fail(`chunk ${n} holds ${part!.size} bytes, expected ${want}`);
  }
}
