/**
 * Cuts a byte stream (pieces of any size, as the HTTP body arrives) into
 * chunks of exactly `chunkBytes`, the last one shorter. Each chunk is one
 * buffer filled by copying, so memory is one chunk being filled plus the
 * chunks handed out and not yet sent.
 */
export class ChunkCutter {
  private current: Buffer;
  private filled = 0;

  constructor(private readonly chunkBytes: number) {
    this.current = Buffer.allocUnsafe(chunkBytes);
  }

  /** Adds a piece; returns the chunks it completed (often none). */
  push(piece: Uint8Array): Buffer[] {
    const done: Buffer[] = [];
    let offset = 0;
    while (offset < piece.length) {
      const n = Math.min(this.chunkBytes - this.filled, piece.length - offset);
      this.current.set(piece.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.chunkBytes) {
        done.push(this.current);
        this.current = Buffer.allocUnsafe(this.chunkBytes);
        this.filled = 0;
      }
    }
    return done;
  }

  /** The last, partial chunk, or null when the bytes ended on a chunk boundary. */
  flush(): Buffer | null {
    if (this.filled === 0) return null;
    const last = this.current.subarray(0, this.filled);
    this.filled = 0;
    return last;
  }
}
