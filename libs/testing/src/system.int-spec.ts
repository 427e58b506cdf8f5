import { System, startSystem } from './system';

// The harness itself: every app starts from source against the real broker and database and reports ready.
describe('startSystem', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'] });
  });
  afterAll(() => system?.stop());

  it.each(['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'] as const)('%s answers /health/live and /health/ready', async (service) => {
    const live = await fetch(`${system.url(service)}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${system.url(service)}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, broker: { status: 'up' } } });
  });
});

describe('metrics', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ services: ['gateway'] });
  });
  afterAll(() => system?.stop());

  it('serves Prometheus metrics without a token, outside the API prefix', async () => {
    const res = await fetch(`${system.url('gateway')}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('connect_messages_published_total');
  });
});
