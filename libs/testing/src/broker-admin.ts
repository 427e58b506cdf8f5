import { BROKER_EXCHANGE, BROKER_SERVICES, BrokerService, brokerPermissions } from '@connect/contracts';
import { infrastructureFromEnv } from './infrastructure';

/** RabbitMQ management API calls the tests need: isolated vhosts and queue inspection. */
export class BrokerAdmin {
  /** The management API of each node (a cluster's, issue 18: any node answers for the whole cluster). */
  private readonly bases: string[];
  private current = 0;

  constructor(base = infrastructureFromEnv().managementUrl) {
    this.bases = base.split(',').filter(Boolean);
  }

  /** The first base URL (its credentials are the test's administrator). */
  private get base(): string {
    return this.bases[0];
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    // A node that does not answer (stopped, in a cluster) is skipped for the next one.
    for (let tried = 0; ; tried++) {
      const url = new URL(this.bases[this.current] + path);
      const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
      url.username = '';
      url.password = '';
      let res: Response;
      try {
        res = await fetch(url, { method, headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        if (tried + 1 >= this.bases.length) throw err;
        this.current = (this.current + 1) % this.bases.length;
        continue;
      }
      if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res;
    }
  }

  async createVhost(vhost: string): Promise<void> {
    await this.call('PUT', `/api/vhosts/${encodeURIComponent(vhost)}`);
    const user = decodeURIComponent(new URL(this.base).username) || 'guest';
    await this.call('PUT', `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`, { configure: '.*', write: '.*', read: '.*' });
  }

  /**
   * Shuts the vhost to its clients, or opens it again: the permissions of the test user and of every
   * service's user are taken away and every connection on it is closed, so clients stay disconnected
   * (their reconnections are refused) until `open` gives the permissions back.
   */
  async shutVhost(vhost: string): Promise<void> {
    const user = decodeURIComponent(new URL(this.base).username) || 'guest';
    for (const u of [user, ...BROKER_SERVICES]) await this.call('DELETE', `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(u)}`);
    // The management API lists a connection only once its statistics were collected (every 5 s by
    // default): a connection opened just before would be missed by one listing. Close what is listed
    // until none has been listed for longer than that interval (reconnections are refused meanwhile).
    let quietSince = Date.now();
    while (Date.now() - quietSince < 6_000) {
      const res = await this.call('GET', `/api/vhosts/${encodeURIComponent(vhost)}/connections`);
      const connections = res.status === 404 ? [] : ((await res.json()) as Array<{ name: string }>);
      for (const c of connections) await this.call('DELETE', `/api/connections/${encodeURIComponent(c.name)}`);
      if (connections.length) quietSince = Date.now();
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async openVhost(vhost: string): Promise<void> {
    const user = decodeURIComponent(new URL(this.base).username) || 'guest';
    await this.call('PUT', `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`, { configure: '.*', write: '.*', read: '.*' });
    for (const service of BROKER_SERVICES) await this.grantService(vhost, service);
  }

  /** Creates or updates a user without tags (no management access). */
  async putUser(user: string, password: string): Promise<void> {
    await this.call('PUT', `/api/users/${encodeURIComponent(user)}`, { password, tags: '' });
  }

  /** Gives a service's user its permissions in `vhost`, from the contracts' table (issue 15, finding 6). */
  async grantService(vhost: string, service: BrokerService): Promise<void> {
    const p = brokerPermissions(service);
    const path = `${encodeURIComponent(vhost)}/${encodeURIComponent(service)}`;
    await this.call('PUT', `/api/permissions/${path}`, { configure: p.configure, write: p.write, read: p.read });
    await this.call('PUT', `/api/topic-permissions/${path}`, { exchange: BROKER_EXCHANGE, write: p.topicWrite, read: p.topicRead });
  }

  async deleteVhost(vhost: string): Promise<void> {
    await this.call('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`);
  }

  /** A queue's counts (as of the last statistics, every 5 s), its type and, for a quorum queue, its leader and members' nodes. */
  async queue(vhost: string, name: string): Promise<{ messages: number; consumers: number; type: string; leader?: string; members?: string[]; online?: string[] } | null> {
    const res = await this.call('GET', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`);
    if (res.status === 404) return null;
    return (await res.json()) as { messages: number; consumers: number; type: string; leader?: string; members?: string[]; online?: string[] };
  }

  /** The bindings whose source is `exchange`: which queue receives which routing-key pattern. */
  async bindings(vhost: string, exchange: string): Promise<Array<{ destination: string; destination_type: string; routing_key: string }>> {
    const res = await this.call('GET', `/api/exchanges/${encodeURIComponent(vhost)}/${encodeURIComponent(exchange)}/bindings/source`);
    return res.status === 404 ? [] : ((await res.json()) as Array<{ destination: string; destination_type: string; routing_key: string }>);
  }

  /** Reads (and requeues) up to `count` messages of a queue, with their headers. */
  async peek(vhost: string, name: string, count = 10): Promise<Array<{ payload: string; properties: { headers?: Record<string, unknown>; message_id?: string } }>> {
    const res = await this.call('POST', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}/get`, { count, ackmode: 'ack_requeue_true', encoding: 'auto' });
    return res.status === 404 ? [] : ((await res.json()) as Array<{ payload: string; properties: { headers?: Record<string, unknown>; message_id?: string } }>);
  }

  /** Publishes a raw message to an exchange of the vhost (as a producer service would), with `messageId` set. */
  async publish(vhost: string, exchange: string, routingKey: string, body: string, messageId: string): Promise<void> {
    const res = await this.call('POST', `/api/exchanges/${encodeURIComponent(vhost)}/${encodeURIComponent(exchange)}/publish`, {
      routing_key: routingKey,
      payload: body,
      payload_encoding: 'string',
      properties: { message_id: messageId, delivery_mode: 2, content_type: 'application/json' },
    });
    const { routed } = (await res.json()) as { routed: boolean };
    if (!routed) throw new Error(`${routingKey} was routed to no queue in ${vhost}`);
  }
}
