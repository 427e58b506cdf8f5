import { SyncProgressReportedV1 } from '@connect/contracts';
import { ServiceName, System, brokerApp, closeChannelsOf, directory, eventually, ownsBroker, startSystem } from '@connect/testing';
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
    await brokerApp('start_app'); // whatever a failed test left behind
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

  const SERVICES: ServiceName[] = ['gateway', 'connection-service', 'drawing-service'];
  /** Status of each service's /health/ready, and what it says of the broker (the gateway's error filter shapes its 503 body, without details). */
  const ready = async (service: ServiceName) => {
    const res = await fetch(`${system.url(service)}/health/ready`);
    const body = (await res.json()) as { details?: { broker?: { status: string } }; code?: string };
    return { service, status: res.status, broker: body.details?.broker?.status ?? body.code };
  };
  const readiness = () => Promise.all(SERVICES.map(ready));
  const expected = (status: number, broker: string) => SERVICES.map((service) => ({ service, status, broker: service === 'gateway' && status === 503 ? 'SERVICE_UNAVAILABLE' : broker }));

  it('/health/ready of every service is 503 (broker down) while the broker is down, and 200 again once it is back and the service publishes and consumes again', async () => {
    expect(await readiness()).toEqual(expected(200, 'up'));
    await brokerApp('stop_app');
    try {
      const down = await eventually(readiness, (all) => all.every((r) => r.status === 503), 30_000, 250);
      expect(down).toEqual(expected(503, 'down'));
    } finally {
      await brokerApp('start_app');
    }
    const up = await eventually(readiness, (all) => all.every((r) => r.status === 200), 60_000, 250);
    expect(up).toEqual(expected(200, 'up'));
    // Green means working: a command goes through (gateway → connection-service → drawing-service).
    const s = await directory(system).scenario();
    const res = await system.api(s.connector.token).post(`/projects/${s.downstream.projectId}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] });
    expect(res.status).toBe(201);
  });
});
