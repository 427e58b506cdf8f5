import { Actor, DomainError } from '@connect/contracts';
import { GatewayConfig } from '../config';
import { DirectoryService } from '../directory/directory.service';
import { Authenticator, bearerToken } from './authenticator';
import { generateToken, hashToken } from './token-secret';
import { AccessToken } from './tokens/token.schema';
import { TokenRepository } from './tokens/token.repository';

const ADMIN = 'operator-token-for-the-unit-test-0123456789';
const actor: Actor = { userId: 'u1', email: 'ana@x.test', name: 'Ana', companies: [], memberships: [] };

function setup(tokens: Record<string, AccessToken>, actors: Record<string, Actor> = { u1: actor }) {
  const config = Object.assign(new GatewayConfig(), { ADMIN_TOKEN: ADMIN });
  const forAuthentication = jest.fn(async (hash: string) => tokens[hash] ?? null);
  const actor = jest.fn(async (userId: string) => actors[userId] ?? null);
  const authenticator = new Authenticator(config, { forAuthentication } as unknown as TokenRepository, { actor } as unknown as DirectoryService);
  return { authenticator, byHash: forAuthentication, loadActor: actor };
}

function tokenRecord(token: string, userId = 'u1', revokedAt: Date | null = null, expiresAt: Date | null = null): Record<string, AccessToken> {
  return { [hashToken(token)]: { _id: hashToken(token), version: 1, id: 't1', userId, createdAt: new Date(), revokedAt, expiresAt } };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('Authenticator', () => {
  it('recognises the operator token without touching the database', async () => {
    const { authenticator, byHash } = setup({});
    await expect(authenticator.authenticate(`Bearer ${ADMIN}`)).resolves.toEqual({ kind: 'operator' });
    expect(byHash).not.toHaveBeenCalled();
  });

  it('finds a user token by the SHA-256 of the secret (an _id lookup) and loads the actor', async () => {
    const token = generateToken();
    const { authenticator, byHash } = setup(tokenRecord(token));
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toEqual({ kind: 'user', actor });
    expect(byHash).toHaveBeenCalledWith(hashToken(token));
  });

  it.each([
    ['no header', undefined, 'a bearer token is required'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'the Authorization header must be "Bearer <token>"'],
    ['an empty bearer', 'Bearer ', 'the Authorization header must be "Bearer <token>"'],
    ['a wrong operator token', `Bearer ${ADMIN}x`, 'invalid token'],
    ['an unknown user token', `Bearer ${generateToken()}`, 'invalid token'],
  ])('answers 401 UNAUTHENTICATED for %s', async (_case, header, message) => {
    const { authenticator } = setup({});
    const err = await refusal(authenticator.authenticate(header));
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toBe(message);
  });

  it('answers 401 for a revoked token', async () => {
    const token = generateToken();
    const { authenticator, loadActor } = setup(tokenRecord(token, 'u1', new Date()));
    expect((await refusal(authenticator.authenticate(`Bearer ${token}`))).code).toBe('UNAUTHENTICATED');
    expect(loadActor).not.toHaveBeenCalled();
  });

  it('answers 401 for an expired token, and accepts one not yet expired (issue 15, finding 3)', async () => {
    const expired = generateToken();
    const live = generateToken();
    const { authenticator } = setup({ ...tokenRecord(expired, 'u1', null, new Date(Date.now() - 1)), ...tokenRecord(live, 'u1', null, new Date(Date.now() + 60_000)) });
    const err = await refusal(authenticator.authenticate(`Bearer ${expired}`));
    expect({ code: err.code, message: err.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'token expired' });
    await expect(authenticator.authenticate(`Bearer ${live}`)).resolves.toEqual({ kind: 'user', actor });
  });

  it('answers 401 for a token whose user no longer exists', async () => {
    const token = generateToken();
    const { authenticator } = setup(tokenRecord(token, 'gone'));
    expect((await refusal(authenticator.authenticate(`Bearer ${token}`))).code).toBe('UNAUTHENTICATED');
  });

  it('reads the scheme case-insensitively', () => {
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer   abc ')).toBe('abc');
  });
});
