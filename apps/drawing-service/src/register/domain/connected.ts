import { DomainError } from '@connect/contracts';

/**
 * D6: what a connected copy shows is synced from its source project, so
 * downstream users cannot edit it (markups and publishing stay allowed).
 */
export function refuseConnectedEdit(entity: { connected: boolean }, what: string, fields: string[]): void {
  if (entity.connected && fields.length) {
    throw new DomainError('DRAWING_CONNECTED_READ_ONLY', `${what} is connected to its source project: ${fields.join(', ')} cannot be edited here`, { fields });
  }
}

/** The fields of a PATCH body that were given. */
export function givenFields<T extends object>(patch: T, fields: readonly (keyof T)[]): (keyof T & string)[] {
  return fields.filter((f) => patch[f] !== undefined) as (keyof T & string)[];
}
