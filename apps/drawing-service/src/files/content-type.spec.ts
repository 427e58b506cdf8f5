import { sniffContentType } from './content-type';

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('sniffContentType (D2: files are checked by their content, not their name)', () => {
  it.each([
    ['application/pdf', text('%PDF-1.7\n%âãÏÓ\n1 0 obj')],
    ['image/png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10)],
    ['image/tiff', bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0)],
    ['image/tiff', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8)],
  ])('recognises %s', (type, head) => {
    expect(sniffContentType(head)).toBe(type);
  });

  it.each([
    ['plain text named .pdf', text('hello, this is not a drawing')],
    ['PDF marker not at the start', text(' %PDF-1.7')],
    ['"%PDF" without the dash', text('%PDF1.7')],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a)],
    ['JPEG marker too short', bytes(0xff, 0xd8)],
    ['BigTIFF (not accepted)', bytes(0x49, 0x49, 0x2b, 0x00)],
    ['mixed-endian TIFF marker', bytes(0x49, 0x49, 0x00, 0x2a)],
    ['GIF', text('GIF89a')],
    ['ZIP (e.g. DOCX)', bytes(0x50, 0x4b, 0x03, 0x04)],
    ['an empty file', bytes()],
  ])('refuses %s', (_why, head) => {
    expect(sniffContentType(head)).toBeNull();
  });
});
