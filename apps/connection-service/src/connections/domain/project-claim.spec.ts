import { ConnectionStatus } from '@connect/contracts';
import { ABANDONED_CLAIM_MS, ProjectClaim, claimHolds, isDisconnectedClaim } from './project-claim';
import { T0, requested } from './connection.fixtures';

const claim: ProjectClaim = { _id: 'downstream:p-down', projectId: 'p-down', role: 'downstream', connectionId: 'conn-1', disconnected: false, released: false, claimedAt: T0, version: 1 };
const state = (status: ConnectionStatus) => ({ ...requested('manual').state, status });

describe('project claims (C3, C11, C13)', () => {
  it('hold while their connection is pending or active', () => {
    expect(claimHolds(claim, state('pending'), T0)).toBe(true);
    expect(claimHolds(claim, state('active'), T0)).toBe(true);
  });

  it.each(['rejected', 'cancelled', 'undone', 'disconnected'] as const)('stop holding once the connection is %s', (status) => {
    expect(claimHolds(claim, state(status), T0)).toBe(false);
  });

  it('hold for a request still being written, and are abandoned after a while without a connection', () => {
    expect(claimHolds(claim, null, new Date(T0.getTime() + ABANDONED_CLAIM_MS - 1))).toBe(true);
    expect(claimHolds(claim, null, new Date(T0.getTime() + ABANDONED_CLAIM_MS))).toBe(false);
  });

  it('stop holding once released, whatever their connection', () => {
    expect(claimHolds({ ...claim, released: true }, null, T0)).toBe(false);
    expect(claimHolds({ ...claim, released: true }, state('pending'), T0)).toBe(false);
  });

  it('C11: a downstream claim is disconnected when marked, or when its connection is disconnected', () => {
    expect(isDisconnectedClaim({ ...claim, disconnected: true }, null)).toBe(true);
    expect(isDisconnectedClaim(claim, state('disconnected'))).toBe(true);
    expect(isDisconnectedClaim(claim, state('active'))).toBe(false);
  });
});
