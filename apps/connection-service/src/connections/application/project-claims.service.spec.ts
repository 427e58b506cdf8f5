import { ConnectionSide, ConnectionStatus, DomainError } from '@connect/contracts';
import { Connection } from '../domain/connection';
import { T0, requested } from '../domain/connection.fixtures';
import { ABANDONED_CLAIM_MS, ProjectClaim } from '../domain/project-claim';
import { ConnectionRepository } from '../infrastructure/connection.repository';
import { ProjectClaimRepository } from '../infrastructure/project-claim.repository';
import { ProjectClaims } from './project-claims.service';

/** The claim store's guarantees, as the database gives them: a unique `_id` insert and a compare-and-set on `version`; every call yields, so takes interleave. */
class InMemoryClaims {
  readonly rows = new Map<string, ProjectClaim>();
  private tick = () => new Promise((resolve) => setImmediate(resolve));
  async insert(claim: ProjectClaim) {
    await this.tick();
    if (this.rows.has(claim._id)) return false;
    this.rows.set(claim._id, { ...claim });
    return true;
  }
  async get(id: string) {
    await this.tick();
    return this.rows.get(id) ?? null;
  }
  async ofProject(projectId: string) {
    await this.tick();
    return [...this.rows.values()].filter((c) => c.projectId === projectId);
  }
  async replace(seen: ProjectClaim, next: ProjectClaim) {
    await this.tick();
    if (this.rows.get(seen._id)?.version !== seen.version) return false;
    this.rows.set(seen._id, { ...next, _id: seen._id, version: seen.version + 1 });
    return true;
  }
  async remove(id: string) {
    await this.tick();
    this.rows.delete(id);
  }
  /** The claims that hold something: neither released nor marked disconnected. */
  live(): string[] {
    return [...this.rows.values()].filter((c) => !c.released).map((c) => c._id).sort();
  }
}

const side = (projectId: string): ConnectionSide => ({ projectId, projectName: projectId, companyId: 'c', companyName: 'c' });

describe('ProjectClaims: C3, C11, C13 decided by inserts', () => {
  let claims: InMemoryClaims;
  let connections: Map<string, Connection>;
  let service: ProjectClaims;

  beforeEach(() => {
    claims = new InMemoryClaims();
    connections = new Map();
    const repo = { find: async (id: string) => connections.get(id) ?? null };
    service = new ProjectClaims(claims as unknown as ProjectClaimRepository, repo as unknown as ConnectionRepository);
  });

  /** Takes the claims and writes the connection, as a request that got through does. */
  async function connect(id: string, down: string, up: string, status: ConnectionStatus = 'active'): Promise<void> {
    await service.take(id, side(down), side(up), T0);
    const base = requested('manual');
    connections.set(id, { id, version: 1, state: { ...base.state, status, downstream: side(down), upstream: side(up) } });
  }

  function setStatus(id: string, status: ConnectionStatus): Connection {
    const c = connections.get(id);
    if (!c) throw new Error(`no connection ${id} in this test`);
    c.state = { ...c.state, status };
    return c;
  }

  async function code(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (err) {
      return (err as DomainError).code;
    }
    return 'OK';
  }

  it('C3: a downstream project with a pending or active upstream refuses a second one with CONNECTION_ALREADY_EXISTS', async () => {
    await connect('c1', 'A', 'B', 'pending');
    expect(await code(service.take('c2', side('A'), side('C'), T0))).toBe('CONNECTION_ALREADY_EXISTS');
    expect(await code(service.take('c3', side('D'), side('B'), T0))).toBe('OK'); // an upstream serves many
  });

  it('C3: a request still being written holds the project', async () => {
    await service.take('c1', side('A'), side('B'), T0);
    expect(await code(service.take('c2', side('A'), side('C'), T0))).toBe('CONNECTION_ALREADY_EXISTS');
  });

  it('C3 race: of 20 concurrent takes of one downstream project exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => code(service.take(`c${i}`, side('A'), side(`U${i}`), T0))));
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONNECTION_ALREADY_EXISTS')).toHaveLength(19);
  });

  it('C8: after reject, cancel or undo the projects are free again', async () => {
    await connect('c1', 'A', 'B', 'pending');
    await service.settle(setStatus('c1', 'rejected'), 'release');
    expect(claims.live()).toEqual([]);
    expect(await code(service.take('c2', side('A'), side('B'), T0))).toBe('OK');
  });

  it('C11: once disconnected, the downstream project can never connect again, to any upstream', async () => {
    await connect('c1', 'A', 'B');
    await service.settle(setStatus('c1', 'disconnected'), 'disconnect');
    expect(await code(service.take('c2', side('A'), side('B'), T0))).toBe('CONNECTION_DOWNSTREAM_DISCONNECTED');
    expect(await code(service.take('c3', side('A'), side('C'), T0))).toBe('CONNECTION_DOWNSTREAM_DISCONNECTED');
    expect(await code(service.take('c4', side('D'), side('B'), T0))).toBe('OK'); // the upstream may serve others
  });

  it('C11 holds even if the claim was not marked (crash after the disconnect was committed)', async () => {
    await connect('c1', 'A', 'B');
    setStatus('c1', 'disconnected');
    expect(await code(service.take('c2', side('A'), side('C'), T0))).toBe('CONNECTION_DOWNSTREAM_DISCONNECTED');
  });

  it('clears a claim left behind by an ended connection or an abandoned request', async () => {
    await connect('c1', 'A', 'B');
    setStatus('c1', 'cancelled');
    expect(await code(service.take('c2', side('A'), side('C'), T0))).toBe('OK');
    await service.take('c3', side('X'), side('Y'), T0); // never written
    const later = new Date(T0.getTime() + ABANDONED_CLAIM_MS);
    expect(await code(service.take('c4', side('X'), side('Z'), later))).toBe('OK');
  });

  it('C13: a downstream project cannot become upstream, and the refused request leaves no claim', async () => {
    await connect('c1', 'A', 'B');
    expect(await code(service.take('c2', side('C'), side('A'), T0))).toBe('CONNECTION_CHAIN');
    expect(claims.live()).toEqual(['downstream:A', 'upstream:B:c1']);
  });

  it('C13: an upstream project cannot become downstream', async () => {
    await connect('c1', 'A', 'B');
    expect(await code(service.take('c2', side('B'), side('C'), T0))).toBe('CONNECTION_CHAIN');
    expect(claims.live()).toEqual(['downstream:A', 'upstream:B:c1']);
  });

  it('C13: an ended connection no longer makes a chain', async () => {
    await connect('c1', 'A', 'B');
    await service.settle(setStatus('c1', 'disconnected'), 'disconnect');
    expect(await code(service.take('c2', side('C'), side('A'), T0))).toBe('OK');
    expect(await code(service.take('c3', side('B'), side('D'), T0))).toBe('OK');
  });

  it('C13 race: two requests that would form a chain never both get through', async () => {
    for (let i = 0; i < 10; i++) {
      const results = await Promise.all([code(service.take(`x${i}`, side(`X${i}`), side(`Y${i}`), T0)), code(service.take(`z${i}`, side(`Z${i}`), side(`X${i}`), T0))]);
      expect(results).toContain('CONNECTION_CHAIN');
    }
  });

  it('does not release a newer holder when an older connection tidies up late', async () => {
    await connect('c1', 'A', 'B', 'pending');
    const old = setStatus('c1', 'cancelled');
    await connect('c2', 'A', 'C'); // clears c1's leftover claim and takes A
    await service.settle(old, 'release');
    expect(claims.rows.get('downstream:A')?.connectionId).toBe('c2');
  });
});
