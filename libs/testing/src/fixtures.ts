import type { ConnectionApprovalMode as ConnectionApproval, ConnectionManagerLevel, DrawingsLevel } from '@connect/contracts';
import { randomBytes } from 'node:crypto';
import type { ApiResponse, System } from './system';

/**
 * Directory fixtures for system tests: companies, projects, users, members
 * and tokens created over HTTP through the gateway, as the operator, exactly
 * as a client would. Every call checks its status and throws with the body
 * when the gateway refuses, so a broken fixture fails loudly at its source.
 *
 *   const dir = directory(system);
 *   const s = await dir.scenario();
 *   await system.api(s.connector.token).post(`/projects/${s.downstream.projectId}/connections`, {...});
 */

export interface Permissions {
  connectionManager: ConnectionManagerLevel;
  drawings: DrawingsLevel;
}

export interface CompanyOptions {
  name?: string;
  govCloud?: boolean;
  connectionApproval?: ConnectionApproval;
  connectBeta?: boolean;
}

export interface CompanyBody {
  id: string;
  name: string;
  govCloud: boolean;
  settings: { connectionApproval: ConnectionApproval; connectBeta: boolean };
}

export interface ProjectBody {
  id: string;
  companyId: string;
  name: string;
}

export interface UserBody {
  id: string;
  email: string;
  name: string;
}

/** A user with a working bearer token. */
export interface TestUser extends UserBody {
  token: string;
}

export interface ScenarioSide {
  companyId: string;
  projectId: string;
  company: CompanyBody;
  project: ProjectBody;
}

export interface Scenario {
  /** GC company (default settings unless overridden) with one project. */
  upstream: ScenarioSide;
  /** Sub company opted in to the connection beta (C6) with one project. */
  downstream: ScenarioSide;
  /** CM admin + Drawings read_only on both projects: may request a connection (C1). */
  connector: TestUser;
  /** CM admin + Drawings admin on the upstream project: approves (C8), publishes upstream. */
  upstreamAdmin: TestUser;
  /** CM admin + Drawings admin on the downstream project: reviews and publishes the copies. */
  downstreamAdmin: TestUser;
  /** CM read_only + Drawings read_only on both projects: sees everything, may change nothing. */
  viewer: TestUser;
  /** CM none + Drawings standard on the upstream project: uploads, may not publish (D1). */
  uploader: TestUser;
  /** Member of the downstream project with CM read_only + Drawings read_only only: too little to request (C1). */
  downstreamMember: TestUser;
  /** A user of no company and no project. */
  outsider: TestUser;
}

export interface ScenarioOptions {
  upstream?: CompanyOptions;
  downstream?: CompanyOptions;
}

let counter = 0;
const runTag = randomBytes(3).toString('hex');

/** A name (and email) no other fixture of this process uses. */
function unique(base: string): string {
  counter += 1;
  return `${base} ${runTag}-${counter}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'user';
}

function expectStatus<T>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`fixture ${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const PERMISSIONS = {
  connector: { connectionManager: 'admin', drawings: 'read_only' },
  admin: { connectionManager: 'admin', drawings: 'admin' },
  viewer: { connectionManager: 'read_only', drawings: 'read_only' },
  uploader: { connectionManager: 'none', drawings: 'standard' },
} as const satisfies Record<string, Permissions>;

export function directory(system: Pick<System, 'api' | 'adminToken'>) {
  const operator = system.api(system.adminToken);

  const dir = {
    async company(options: CompanyOptions = {}): Promise<CompanyBody> {
      const { name = unique('Company'), govCloud, connectionApproval, connectBeta } = options;
      const settings = { ...(connectionApproval !== undefined && { connectionApproval }), ...(connectBeta !== undefined && { connectBeta }) };
      return expectStatus(await operator.post<CompanyBody>('/companies', { name, ...(govCloud !== undefined && { govCloud }), settings }), 201, 'company');
    },

    async settings(companyId: string, settings: { connectionApproval?: ConnectionApproval; connectBeta?: boolean }): Promise<CompanyBody> {
      return expectStatus(await operator.patch<CompanyBody>(`/companies/${companyId}/settings`, settings), 200, 'company settings');
    },

    async project(companyId: string, name = unique('Project')): Promise<ProjectBody> {
      return expectStatus(await operator.post<ProjectBody>(`/companies/${companyId}/projects`, { name }), 201, 'project');
    },

    /** A user with a unique email derived from the name. */
    async user(name = unique('User')): Promise<UserBody> {
      const email = `${slug(name)}-${runTag}-${++counter}@connect.test`;
      return expectStatus(await operator.post<UserBody>('/users', { email, name }), 201, 'user');
    },

    /** Makes the user a user at the company (admin or not). */
    async companyUser(companyId: string, userId: string, admin = false): Promise<unknown> {
      return expectStatus(await operator.put(`/companies/${companyId}/users/${userId}`, { admin }), 200, 'company user');
    },

    /** Sets the user's permissions on the project (and makes them a user at its company). */
    async member(projectId: string, userId: string, permissions: Permissions): Promise<unknown> {
      return expectStatus(await operator.put(`/projects/${projectId}/members/${userId}`, { permissions }), 200, 'project member');
    },

    /** A new bearer token of the user. */
    async token(userId: string): Promise<string> {
      return expectStatus(await operator.post<{ token: string }>(`/users/${userId}/tokens`), 201, 'token').token;
    },

    /** A user with a token and, optionally, memberships: `[[projectId, permissions], …]`. */
    async userWithToken(name?: string, memberships: Array<[string, Permissions]> = []): Promise<TestUser> {
      const user = await dir.user(name);
      for (const [projectId, permissions] of memberships) await dir.member(projectId, user.id, permissions);
      return { ...user, token: await dir.token(user.id) };
    },

    /**
     * The typical two-company setup: an upstream GC with a project, a
     * downstream sub opted in to the beta with a project, and users from
     * the connector (enough to request, C1) down to an outsider.
     */
    async scenario(options: ScenarioOptions = {}): Promise<Scenario> {
      const side = async (defaults: CompanyOptions, overrides: CompanyOptions = {}): Promise<ScenarioSide> => {
        const company = await dir.company({ ...defaults, ...overrides });
        const project = await dir.project(company.id, unique(`${company.name} Project`));
        return { companyId: company.id, projectId: project.id, company, project };
      };
      const [upstream, downstream] = await Promise.all([
        side({ name: unique('Upstream GC') }, options.upstream),
        side({ name: unique('Downstream Sub'), connectBeta: true }, options.downstream),
      ]);
      const up = upstream.projectId;
      const down = downstream.projectId;
      const [connector, upstreamAdmin, downstreamAdmin, viewer, uploader, downstreamMember, outsider] = await Promise.all([
        dir.userWithToken('Connector', [
          [up, PERMISSIONS.connector],
          [down, PERMISSIONS.connector],
        ]),
        dir.userWithToken('Upstream Admin', [[up, PERMISSIONS.admin]]),
        dir.userWithToken('Downstream Admin', [[down, PERMISSIONS.admin]]),
        dir.userWithToken('Viewer', [
          [up, PERMISSIONS.viewer],
          [down, PERMISSIONS.viewer],
        ]),
        dir.userWithToken('Uploader', [[up, PERMISSIONS.uploader]]),
        dir.userWithToken('Downstream Member', [[down, PERMISSIONS.viewer]]),
        dir.userWithToken('Outsider'),
      ]);
      return { upstream, downstream, connector, upstreamAdmin, downstreamAdmin, viewer, uploader, downstreamMember, outsider };
    },
  };
  return dir;
}

export type DirectoryFixtures = ReturnType<typeof directory>;
