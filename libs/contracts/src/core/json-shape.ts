import { ValidationOptions, registerDecorator } from 'class-validator';

/**
 * How deep a JSON value nests: a scalar is 0, `[]` / `{}` 1, `[[1]]` 2.
 * Iterative, and stops as soon as `stopAbove` is passed, so a hostile value
 * nested 100,000 deep costs no stack and little time.
 */
export function jsonDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > stopAbove) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, here]);
  }
  return deepest;
}

/** Whether a string anywhere in the value (object keys included) contains U+0000 — which PostgreSQL, under FerretDB, cannot store. Iterative. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return true;
    } else if (node !== null && typeof node === 'object') {
      if (Array.isArray(node)) stack.push(...node);
      else for (const [key, child] of Object.entries(node)) stack.push(key, child);
    }
  }
  return false;
}

/** Bytes of the value serialised as JSON (UTF-8): what it costs in a message and a document. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

export interface JsonBounds {
  maxDepth: number;
  maxBytes: number;
}

/** A JSON object (not an array or scalar) nested at most `maxDepth` deep and at most `maxBytes` long as JSON. */
export function IsBoundedJsonObject(bounds: JsonBounds, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBoundedJsonObject',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      constraints: [bounds],
      validator: {
        validate: (value: unknown) =>
          value !== null && typeof value === 'object' && !Array.isArray(value) && jsonDepth(value, bounds.maxDepth) <= bounds.maxDepth && jsonBytes(value) <= bounds.maxBytes,
        defaultMessage: () => `$property must be a JSON object nested at most ${bounds.maxDepth} levels deep and at most ${bounds.maxBytes} bytes long`,
      },
    });
}
