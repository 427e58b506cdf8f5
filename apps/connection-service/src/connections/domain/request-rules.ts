import { Actor, CONNECTION_FEATURES, ConnectionFeature, DomainError, ProjectRef } from '@connect/contracts';
import { canReadDrawings, isConnectionManagerAdmin, isMemberOf, isUserAt, permissionRequired } from './permissions';

export interface ConnectionRequest {
  actor: Actor;
  downstream: ProjectRef;
  upstream: ProjectRef;
  features: string[];
}

type Side = 'downstream' | 'upstream';

function sides({ downstream, upstream }: Pick<ConnectionRequest, 'downstream' | 'upstream'>): [Side, ProjectRef][] {
  return [
    ['downstream', downstream],
    ['upstream', upstream],
  ];
}

/** C1: everything the requester lacks, in the words of the 403 (membership first: levels need it). */
export function missingRequestPermissions({ actor, downstream, upstream }: ConnectionRequest): string[] {
  const missing: string[] = [];
  for (const [side, ref] of sides({ downstream, upstream })) {
    if (!isUserAt(actor, ref.companyId)) missing.push(`user at the ${side} company`);
    if (!isMemberOf(actor, ref.projectId)) {
      missing.push(`member of the ${side} project`);
      continue;
    }
    if (side === 'downstream' && !isConnectionManagerAdmin(actor, ref.projectId)) missing.push('Connection Manager admin on the downstream project');
    if (!canReadDrawings(actor, ref.projectId)) missing.push(`Drawings read_only on the ${side} project`);
  }
  return missing;
}

/** C7: at least one feature, all known; duplicates collapse. */
export function checkFeatures(features: string[]): ConnectionFeature[] {
  const unknown = features.filter((f) => !(CONNECTION_FEATURES as readonly string[]).includes(f));
  if (unknown.length) {
    throw new DomainError('CONNECTION_FEATURES_INVALID', `Unknown feature(s): ${unknown.join(', ')}; known: ${CONNECTION_FEATURES.join(', ')}`);
  }
  if (!features.length) throw new DomainError('CONNECTION_FEATURES_INVALID', `Name at least one feature: ${CONNECTION_FEATURES.join(', ')}`);
  return [...new Set(features)] as ConnectionFeature[];
}

/**
 * The rules a request can be judged on from the command alone, in the order
 * the product states them to users: C1 permissions, C2 self-connection, C7
 * features, C4 GovCloud, C6 beta. Returns the features to record.
 */
export function checkRequest(request: ConnectionRequest): ConnectionFeature[] {
  const missing = missingRequestPermissions(request);
  if (missing.length) throw permissionRequired(missing);
  if (request.downstream.projectId === request.upstream.projectId) {
    throw new DomainError('CONNECTION_SELF', 'A project cannot connect to itself');
  }
  const features = checkFeatures(request.features);
  const govCloud = sides(request).filter(([, ref]) => ref.govCloud);
  if (govCloud.length) {
    const names = govCloud.map(([side, ref]) => `the ${side} company "${ref.companyName}"`).join(' and ');
    throw new DomainError('CONNECTION_GOVCLOUD', `GovCloud companies cannot take part in connections: ${names}`);
  }
  if (!request.downstream.connectBeta) {
    throw new DomainError('CONNECTION_BETA_REQUIRED', `The downstream company "${request.downstream.companyName}" must opt in to the connection beta`);
  }
  return features;
}

export interface ProjectRevisions {
  side: Side;
  projectId: string;
  projectName: string;
}

/** C5: no side may hold more than `max` drawing revisions (a project missing from `counts` has none). */
export function checkRevisionCounts(projects: ProjectRevisions[], counts: Record<string, number>, max: number): void {
  const over = projects.filter((p) => (counts[p.projectId] ?? 0) > max);
  if (over.length) {
    const which = over.map((p) => `the ${p.side} project "${p.projectName}" has ${counts[p.projectId]}`).join(' and ');
    throw new DomainError('CONNECTION_TOO_MANY_REVISIONS', `Projects with more than ${max} drawing revisions cannot be connected: ${which}`, {
      max,
      counts: Object.fromEntries(over.map((p) => [p.side, counts[p.projectId]])),
    });
  }
}
