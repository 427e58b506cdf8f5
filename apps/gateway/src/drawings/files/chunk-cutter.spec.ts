import { ChunkCutter } from './chunk-cutter';

function cut(pieces: number[], chunkBytes: number): { chunks: Buffer[]; bytes: Buffer } {
  const cutter = new ChunkCutter(chunkBytes);
  let next = 0;
  const all: Buffer[] = [];
  const chunks: Buffer[] = [];
  for (const len of pieces) {
    const piece = Buffer.from(Array.from({ length: len }, () => next++ % 251));
    all.push(piece);
    chunks.push(...cutter.push(piece));
  }
  const last = cutter.flush();
  if (last) chunks.push(last);
  return { chunks, bytes: Buffer.concat(all) };
}

describe('ChunkCutter (fixed-size chunks of the uploaded bytes)', () => {
  it.each([
    ['small pieces', [3, 3, 3, 3, 3], 4],
    ['one piece larger than several chunks', [17], 4],
    ['pieces ending on chunk boundaries', [4, 8, 4], 4],
    ['ragged pieces', [1, 7, 2, 9, 5, 1], 5],
  ])('keeps every byte in order: %s', (_why, pieces, size) => {
    const { chunks, bytes } = cut(pieces, size);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(chunks.slice(0, -1).every((c) => c.length === size)).toBe(true);
    expect(chunks.at(-1)!.length).toBeGreaterThan(0);
    expect(chunks.at(-1)!.length).toBeLessThanOrEqual(size);
  });

  it('hands out no empty last chunk when the bytes end on a boundary', () => {
    expect(cut([8], 4).chunks.map((c) => c.length)).toEqual([4, 4]);
  });

  it('hands out nothing for no bytes', () => {
    expect(cut([], 4).chunks).toEqual([]);
  });

  it('does not reuse a chunk it handed out', () => {
    const cutter = new ChunkCutter(2);
    const [first] = cutter.push(Buffer.from([1, 2]));
    cutter.push(Buffer.from([3, 4]));
    expect([...first]).toEqual([1, 2]);
  });
});
