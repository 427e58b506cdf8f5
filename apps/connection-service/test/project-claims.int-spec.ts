import { ConnectionSide } from '@connect/contracts';
import { ChangeLog } from '@connect/persistence';
import { raceOnce, racingConnections } from '@connect/testing';
import { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ProjectClaims } from '../src/connections/application/project-claims.service';
import { ConnectionRepository } from '../src/connections/infrastructure/connection.repository';
import { CONNECTION_MODEL, ConnectionSchema } from '../src/connections/infrastructure/connection.schema';
import { ProjectClaimRepository } from '../src/connections/infrastructure/project-claim.repository';
import { PROJECT_CLAIM_MODEL, ProjectClaimSchema } from '../src/connections/infrastructure/project-claim.schema';

/**
 * C3 (one upstream per downstream project) when requests race for a stale claim on the
 * downstream project: one left by a request that died before it wrote its connection (issue 12).
 * On FerretDB a conditional delete is a filter in Go and then a delete by `_id`, so a takeover by
 * delete lets two requests through; a compare-and-set on the claim's `version` lets exactly one.
 * Every writer has a database connection of its own, so the writes really run at once in the server.
 */
const WRITERS = 20;
const ROUNDS = 80;

describe('project claims: requests racing for a stale downstream claim (C3, issue 12)', () => {
  let racing: Awaited<ReturnType<typeof racingConnections>>;
  let conns: Connection[];
  let writers: ProjectClaims[];

  beforeAll(async () => {
    racing = await racingConnections(WRITERS, 'project_claims');
    conns = racing.conns;
    writers = conns.map((conn) => claimsOn(conn));
  });
  afterAll(() => racing?.close());

  /** ProjectClaims as connection-service builds it, on one connection (the connections only read: no change log). */
  function claimsOn(conn: Connection): ProjectClaims {
    const connections = new ConnectionRepository(conn.model(CONNECTION_MODEL, ConnectionSchema) as never, { register: () => undefined } as unknown as ChangeLog);
    return new ProjectClaims(new ProjectClaimRepository(conn.model(PROJECT_CLAIM_MODEL, ProjectClaimSchema) as never), connections);
  }

  const side = (projectId: string): ConnectionSide => ({ companyId: 'company', companyName: 'Company', projectId, projectName: `Project ${projectId}` });

  it('of requests racing for the same stale downstream claim, exactly one takes the project; the others get CONNECTION_ALREADY_EXISTS', async () => {
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const downstream = side(randomUUID());
      const upstream = side(randomUUID());
      // a request that died ten minutes ago, before it wrote its connection
      await conns[0].collection('claims').insertOne({
        _id: `downstream:${downstream.projectId}`,
        projectId: downstream.projectId,
        role: 'downstream',
        connectionId: `gone-${randomUUID()}`,
        disconnected: false,
        claimedAt: new Date(Date.now() - 600_000),
        version: 1,
      } as never);
      winners.push(await raceOnce(writers, (claims, i) => claims.take(`c-${round}-${i}`, downstream, upstream, new Date()), 'CONNECTION_ALREADY_EXISTS'));
    }
    expect(winners).toEqual(Array.from({ length: ROUNDS }, () => 1));
  });
});
