import { SyncProgressReportedV1 } from '@connect/contracts';
import { System, closeChannelsOf, directory, eventually, ownsBroker, startSystem } from '@connect/testing';
import { randomUUID } from 'node:crypto';
import { EventTap } from './event-tap';

/**
 * Issue 12 (finding 5): when RabbitMQ closes a service's channel (a bad ack, a publish to a
 * missing exchange, a message over `max_message_size`), the service reopens it, declares its
 * topology again and resumes its consumers: it goes on answering requests, publishing events
 * and consuming events. Real gateway, connection-service and drawing-service processes on the
 * real broker; the broker closes the channels itself (a channel error, the connection stays).
 */
(ownsBroker() ? describe : describe.skip)('broker channels closed by the broker (issue 12)', () => {
  let system: System;
  let tap: EventTap;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service'] });
    tap = await EventTap.open(system.env['AMQP_URL']);
  });

  afterAll(async () => {
    await tap?.close();
    await system?.stop();
  });

  it('after the broker closed every channel of the gateway and connection-service, a connection request (C1) is answered, its event published, and the next sync progress report (C12) consumed', async () => {
    const s = await directory(system).scenario();
    // control, publisher, rpc and consumer channels of each (the gateway consumes nothing)
    expect(await closeChannelsOf(system.vhost, 'connection-service')).toBeGreaterThanOrEqual(4);
    expect(await closeChannelsOf(system.vhost, 'gateway')).toBeGreaterThanOrEqual(3);

    // A command: the gateway's request channel, connection-service's consumer (and its request
    // to drawing-service, C5) and its reply; then the event it publishes.
    const res = await system.api(s.connector.token).post(`/projects/${s.downstream.projectId}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] });
    expect([res.status, res.body.status]).toEqual([201, 'active']);
    const events = await tap.await(res.body.id, 2);
    expect(events.map((e) => e.type)).toEqual(['connection.requested', 'connection.established']);

    // The next event connection-service consumes.
    const progress = { state: 'copying', revisionsTotal: 7, revisionsCopied: 3, revisionsPending: 4, revisionsFailed: 0, lastSyncedAt: null };
    const id = randomUUID();
    const envelope = {
      id,
      type: SyncProgressReportedV1.type,
      version: SyncProgressReportedV1.version,
      occurredAt: new Date().toISOString(),
      correlationId: id,
      causationId: null,
      producer: 'sync-service',
      payload: { connectionId: res.body.id, progress, reportedAt: new Date().toISOString() },
    };
    await system.broker.publish(system.vhost, 'connect', SyncProgressReportedV1.routingKey, JSON.stringify(envelope), id);
    const seen = await eventually(
      () => system.api(s.connector.token).get(`/connections/${res.body.id}`),
      (r) => r.body?.sync?.revisionsTotal === 7,
      30_000,
      250,
    );
    expect([seen.status, seen.body.sync]).toEqual([200, progress]);
  });
});
