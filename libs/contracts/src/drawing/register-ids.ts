import { createHash } from 'node:crypto';

/**
 * A uuid-shaped id derived from a key: the same key always gives the same
 * id, so an operation retried or redelivered lands on the same document
 * (its insert then collides instead of creating a twin).
 */
export function uuidFromKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
