import { CopyFinishedV1, RevisionsReadyV1, SyncBatchPayload } from '@connect/contracts';
import { PERMISSIONS, ReceivedMail, Scenario, System, TestMailbox, TestUser, directory, eventually } from '@connect/testing';
import { randomUUID } from 'node:crypto';

/** Emails of one notice: the services put its key (`<kind>:<connection or batch id>:…`) in `X-Connect-Notice`. */
export function mailsOf(mailbox: TestMailbox, kind: string, id: string): ReceivedMail[] {
  return mailbox.received.filter((m) => String(m.headers.get('x-connect-notice') ?? '').startsWith(`${kind}:${id}`));
}

/** Waits until `count` emails of the notice arrived, then a while longer so that any extra one would have too. */
export async function settledMailsOf(mailbox: TestMailbox, kind: string, id: string, count: number, timeoutMs = 30_000): Promise<ReceivedMail[]> {
  await eventually(() => mailsOf(mailbox, kind, id).length, (n) => n >= count, timeoutMs);
  await new Promise((r) => setTimeout(r, 1500));
  return mailsOf(mailbox, kind, id);
}

export const emailOf = (u: TestUser) => u.email.toLowerCase();

/** The sync batch sync-service publishes (N2), built from a scenario's two sides. */
export function batch(s: Scenario, kind: 'initial' | 'publish', drawingNumbers: string[], count = drawingNumbers.length): SyncBatchPayload {
  const side = (x: Scenario['upstream']) => ({ companyId: x.companyId, companyName: x.company.name, projectId: x.projectId, projectName: x.project.name });
  const connectionId = randomUUID();
  return {
    connectionId,
    batchId: `${connectionId}:${kind === 'initial' ? 'initial' : randomUUID()}`,
    kind,
    upstream: side(s.upstream),
    downstream: side(s.downstream),
    count,
    drawingNumbers,
    at: new Date().toISOString(),
  };
}

/** Publishes a sync event on the broker as sync-service does (an envelope with a fresh message id unless given). */
export async function publishSyncEvent(system: System, definition: typeof RevisionsReadyV1 | typeof CopyFinishedV1, payload: unknown, id = randomUUID()): Promise<string> {
  const envelope = { id, type: definition.type, version: definition.version, occurredAt: new Date().toISOString(), correlationId: id, causationId: null, producer: 'sync-service', payload };
  await system.broker.publish(system.vhost, 'connect', definition.routingKey, JSON.stringify(envelope), id);
  return id;
}

/** One sample of notification-service's /metrics (0 when absent): instance 0's, or the sum over `instances`. */
export async function metric(system: System, sample: string, instances = 1): Promise<number> {
  let sum = 0;
  for (let i = 0; i < instances; i++) {
    const text = await (await fetch(`${system.url('notification-service', i)}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
    sum += line ? Number(line.slice(sample.length + 1)) : 0;
  }
  return sum;
}

/** Drawings admins of the downstream project (each also a CM admin, so the list shows when the replica has them). */
export async function downstreamAdmins(system: System, s: Scenario, names: string[]): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (const name of names) users.push(await directory(system).userWithToken(name, [[s.downstream.projectId, PERMISSIONS.admin]]));
  await eventually(
    () => system.api(s.downstreamAdmin.token).get(`/projects/${s.downstream.projectId}/connection-settings`),
    (r) => r.body.distributionList?.length === 2 + names.length,
  );
  return users;
}
