import { ConnectionEstablishedV1, ConnectionRequestedV1, ConnectionUndoneV1 } from '@connect/contracts';
import { approve, assertVisibleTo, cancel, disconnect, reject, request, roleOf, toView, undo } from './connection';
import {
  DOWNSTREAM,
  DOWNSTREAM_ADMIN,
  DOWNSTREAM_VIEWER,
  REQUESTER,
  STRANGER,
  UPSTREAM,
  UPSTREAM_ADMIN,
  WINDOW_MS,
  actor,
  at,
  connectionRequest,
  refusal,
  requested,
} from './connection.fixtures';

const BOTH_ADMIN = actor('both', [DOWNSTREAM, 'admin', 'read_only'], [UPSTREAM, 'admin', 'read_only']);

describe('C8 approval', () => {
  it('makes the connection active at once under automatic approval, announcing request and establishment (C9)', () => {
    const t = request(connectionRequest(), ['drawings'], at(0));
    expect(t.state).toMatchObject({ status: 'active', approval: 'automatic', requestedBy: 'requester', decidedBy: null, decidedAt: at(0).now.toISOString() });
    expect(t.events).toEqual([ConnectionRequestedV1, ConnectionEstablishedV1]);
  });

  it('keeps the request pending under manual approval, still announcing it (C9)', () => {
    const t = request(connectionRequest({ upstream: { ...UPSTREAM, connectionApproval: 'manual' } }), ['drawings'], at(0));
    expect(t.state.status).toBe('pending');
    expect(t.events).toEqual([ConnectionRequestedV1]);
  });

  it('records both sides with their names and the undo deadline', () => {
    const view = toView(requested('manual'));
    expect(view.downstream).toEqual({ companyId: 'c-down', companyName: 'Company c-down', projectId: 'p-down', projectName: 'Project p-down' });
    expect(view.upstream.projectId).toBe('p-up');
    expect(view.undoableUntil).toBe(at(WINDOW_MS).now.toISOString());
    expect(view).toMatchObject({ id: 'conn-1', version: 1 });
  });

  it('lets an upstream CM admin approve a pending request', () => {
    const t = approve(requested('manual'), UPSTREAM_ADMIN, at(1000));
    expect(t.state).toMatchObject({ status: 'active', decidedBy: 'up-admin', approvalUndoableUntil: at(1000 + WINDOW_MS).now.toISOString() });
    expect(t.events).toEqual([ConnectionEstablishedV1]);
    expect(t.claims).toBe('keep');
  });

  it('refuses approval by anyone but an upstream CM admin with 403 naming it', () => {
    const err = refusal(() => approve(requested('manual'), REQUESTER, at(0)));
    expect(err.code).toBe('PERMISSION_REQUIRED');
    expect(err.message).toContain('Connection Manager admin on the upstream project');
  });

  it('refuses approving what is not pending with CONNECTION_INVALID_STATE', () => {
    expect(refusal(() => approve(requested('automatic'), UPSTREAM_ADMIN, at(0))).code).toBe('CONNECTION_INVALID_STATE');
  });

  it('lets an upstream CM admin reject with a reason, releasing the projects so the request may be made again', () => {
    const t = reject(requested('manual'), UPSTREAM_ADMIN, '  not this project ', at(0));
    expect(t.state).toMatchObject({ status: 'rejected', decidedBy: 'up-admin', rejectReason: 'not this project', undoableUntil: null });
    expect(t.reason).toBe('not this project');
    expect(t.claims).toBe('release');
    expect(reject(requested('manual'), UPSTREAM_ADMIN, undefined, at(0)).state.rejectReason).toBeNull();
  });

  it('refuses a rejection by the downstream side with 403', () => {
    expect(refusal(() => reject(requested('manual'), DOWNSTREAM_ADMIN, undefined, at(0))).code).toBe('PERMISSION_REQUIRED');
  });

  it('lets the downstream CM admin cancel a pending request, and only a pending one', () => {
    const t = cancel(requested('manual'), DOWNSTREAM_ADMIN, at(0));
    expect(t.state).toMatchObject({ status: 'cancelled', cancelledBy: 'down-admin' });
    expect(t.claims).toBe('release');
    expect(refusal(() => cancel(requested('automatic'), DOWNSTREAM_ADMIN, at(0))).code).toBe('CONNECTION_INVALID_STATE');
    expect(refusal(() => cancel(requested('manual'), UPSTREAM_ADMIN, at(0))).code).toBe('PERMISSION_REQUIRED');
  });
});

describe('C10 disconnect', () => {
  it.each([
    ['downstream', DOWNSTREAM_ADMIN],
    ['upstream', UPSTREAM_ADMIN],
  ])('lets a %s CM admin disconnect with accepted terms and a reason, for good (C11)', (_side, who) => {
    const t = disconnect(requested('automatic'), who, true, ' wrong project ', at(0));
    expect(t.state).toMatchObject({ status: 'disconnected', disconnectedBy: who.userId, disconnectReason: 'wrong project', undoableUntil: null });
    expect(t.claims).toBe('disconnect');
  });

  it('refuses a non-admin with 403, unaccepted terms and a blank reason with their codes', () => {
    expect(refusal(() => disconnect(requested('automatic'), DOWNSTREAM_VIEWER, true, 'r', at(0))).code).toBe('PERMISSION_REQUIRED');
    expect(refusal(() => disconnect(requested('automatic'), DOWNSTREAM_ADMIN, false, 'r', at(0))).code).toBe('CONNECTION_TERMS_NOT_ACCEPTED');
    expect(refusal(() => disconnect(requested('automatic'), DOWNSTREAM_ADMIN, true, '   ', at(0))).code).toBe('CONNECTION_REASON_REQUIRED');
  });

  it('refuses disconnecting a pending or ended connection with CONNECTION_INVALID_STATE', () => {
    expect(refusal(() => disconnect(requested('manual'), DOWNSTREAM_ADMIN, true, 'r', at(0))).code).toBe('CONNECTION_INVALID_STATE');
    const ended = { ...requested('automatic'), state: disconnect(requested('automatic'), DOWNSTREAM_ADMIN, true, 'r', at(0)).state };
    expect(refusal(() => disconnect(ended, UPSTREAM_ADMIN, true, 'r', at(0))).code).toBe('CONNECTION_INVALID_STATE');
  });
});

describe('C14 quick undo', () => {
  it.each(['automatic', 'manual'] as const)('lets the downstream side undo its request within the window (%s approval)', (mode) => {
    const t = undo(requested(mode), DOWNSTREAM_ADMIN, at(WINDOW_MS));
    expect(t.state).toMatchObject({ status: 'undone', undoneBy: 'down-admin', undoableUntil: null });
    expect(t.kind).toBe('undone');
    expect(t.events).toEqual([ConnectionUndoneV1]);
    expect(t.claims).toBe('release');
  });

  it('refuses the downstream undo once the window has passed with CONNECTION_UNDO_EXPIRED', () => {
    expect(refusal(() => undo(requested('automatic'), DOWNSTREAM_ADMIN, at(WINDOW_MS + 1))).code).toBe('CONNECTION_UNDO_EXPIRED');
  });

  it('lets the upstream side undo its manual approval within the window: pending again', () => {
    const approved = { ...requested('manual'), version: 2, state: approve(requested('manual'), UPSTREAM_ADMIN, at(60_000)).state };
    const t = undo(approved, UPSTREAM_ADMIN, at(60_000 + WINDOW_MS));
    expect(t.state).toMatchObject({ status: 'pending', decidedBy: null, decidedAt: null, approvalUndoableUntil: null, undoneBy: 'up-admin' });
    expect(t.kind).toBe('approval-undone');
    expect(t.claims).toBe('keep');
    expect(refusal(() => undo(approved, UPSTREAM_ADMIN, at(60_001 + WINDOW_MS))).code).toBe('CONNECTION_UNDO_EXPIRED');
  });

  it('refuses an upstream undo under automatic approval with CONNECTION_UNDO_NOT_ALLOWED', () => {
    expect(refusal(() => undo(requested('automatic'), UPSTREAM_ADMIN, at(0))).code).toBe('CONNECTION_UNDO_NOT_ALLOWED');
  });

  it('refuses an upstream undo of a request it has not approved', () => {
    expect(refusal(() => undo(requested('manual'), UPSTREAM_ADMIN, at(0))).code).toBe('CONNECTION_INVALID_STATE');
  });

  it('undoes the request when the user is admin on both sides and still may', () => {
    expect(undo(requested('automatic'), BOTH_ADMIN, at(0)).state.status).toBe('undone');
  });

  it('refuses members without CM admin with 403, and ended connections with CONNECTION_INVALID_STATE', () => {
    expect(refusal(() => undo(requested('automatic'), DOWNSTREAM_VIEWER, at(0))).code).toBe('PERMISSION_REQUIRED');
    const cancelled = { ...requested('manual'), state: cancel(requested('manual'), DOWNSTREAM_ADMIN, at(0)).state };
    expect(refusal(() => undo(cancelled, DOWNSTREAM_ADMIN, at(0))).code).toBe('CONNECTION_INVALID_STATE');
  });
});

describe('visibility and roles', () => {
  it('shows a connection to members of either project and hides it from others as CONNECTION_NOT_FOUND', () => {
    expect(() => assertVisibleTo(requested('manual'), DOWNSTREAM_VIEWER)).not.toThrow();
    expect(() => assertVisibleTo(requested('manual'), UPSTREAM_ADMIN)).not.toThrow();
    expect(refusal(() => assertVisibleTo(requested('manual'), STRANGER)).code).toBe('CONNECTION_NOT_FOUND');
  });

  it('C12 names the role of a project', () => {
    expect(roleOf(requested('manual'), 'p-down')).toBe('downstream');
    expect(roleOf(requested('manual'), 'p-up')).toBe('upstream');
  });
});
