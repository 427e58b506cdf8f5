import {
  ACTIVE_CONNECTION,
  CONNECTION_ID,
  DOWNSTREAM_PROJECT,
  DOWNSTREAM_PROJECT_ID,
  PENDING_CONNECTION,
  REQUESTED_AT,
  REQUESTER,
  UPSTREAM_ADMIN,
  UPSTREAM_PROJECT,
  eventActor,
} from '../testing-samples';
import { ApproveConnectionCommand, ApproveConnectionV1 } from './approve-connection.v1';
import { CancelConnectionCommand, CancelConnectionV1 } from './cancel-connection.v1';
import { ConnectionCancelledPayload, ConnectionCancelledV1 } from './connection-cancelled.v1';
import { ConnectionDisconnectedPayload, ConnectionDisconnectedV1 } from './connection-disconnected.v1';
import { ConnectionEstablishedPayload, ConnectionEstablishedV1 } from './connection-established.v1';
import { ConnectionRejectedPayload, ConnectionRejectedV1 } from './connection-rejected.v1';
import { ConnectionRequestedPayload, ConnectionRequestedV1 } from './connection-requested.v1';
import { ConnectionUndonePayload, ConnectionUndoneV1 } from './connection-undone.v1';
import { DisconnectConnectionCommand, DisconnectConnectionV1 } from './disconnect-connection.v1';
import { GetConnectionQuery, GetConnectionV1 } from './get-connection.v1';
import { ListConnectionEventsQuery, ListConnectionEventsV1 } from './list-connection-events.v1';
import { ListConnectionsQuery, ListConnectionsV1 } from './list-connections.v1';
import { RejectConnectionCommand, RejectConnectionV1 } from './reject-connection.v1';
import { RequestConnectionCommand, RequestConnectionV1 } from './request-connection.v1';
import { UndoConnectionCommand, UndoConnectionV1 } from './undo-connection.v1';

const REJECT_REASON = 'Sheet numbering must follow the owner standard before we share the register';
const DISCONNECT_REASON = 'Mechanical scope complete; as-built set handed over to the owner';

/**
 * One payload per connection message, as its producer builds it: commands as
 * the gateway's connection controllers send them, events as
 * connection-service's transitions announce them (the whole new state).
 * Checked by contracts.spec.ts.
 */
export const SAMPLES: Record<string, object> = {
  [RequestConnectionV1.routingKey]: {
    actor: REQUESTER,
    downstream: DOWNSTREAM_PROJECT,
    upstream: UPSTREAM_PROJECT,
    features: ['drawings'],
  } satisfies RequestConnectionCommand,
  [ApproveConnectionV1.routingKey]: { actor: UPSTREAM_ADMIN, connectionId: CONNECTION_ID } satisfies ApproveConnectionCommand,
  [RejectConnectionV1.routingKey]: { actor: UPSTREAM_ADMIN, connectionId: CONNECTION_ID, reason: REJECT_REASON } satisfies RejectConnectionCommand,
  [CancelConnectionV1.routingKey]: { actor: REQUESTER, connectionId: CONNECTION_ID } satisfies CancelConnectionCommand,
  [DisconnectConnectionV1.routingKey]: {
    actor: UPSTREAM_ADMIN,
    connectionId: CONNECTION_ID,
    acceptTerms: true,
    reason: DISCONNECT_REASON,
  } satisfies DisconnectConnectionCommand,
  [UndoConnectionV1.routingKey]: { actor: REQUESTER, connectionId: CONNECTION_ID } satisfies UndoConnectionCommand,
  [GetConnectionV1.routingKey]: { actor: REQUESTER, connectionId: CONNECTION_ID } satisfies GetConnectionQuery,
  [ListConnectionsV1.routingKey]: {
    actor: REQUESTER,
    projectId: DOWNSTREAM_PROJECT_ID,
    limit: 50,
    // The second page: connection-service's cursor is the base64url of the last item's `requestedAt|id`.
    cursor: Buffer.from(`${REQUESTED_AT}|${CONNECTION_ID}`, 'utf8').toString('base64url'),
  } satisfies ListConnectionsQuery,
  [ListConnectionEventsV1.routingKey]: { actor: REQUESTER, connectionId: CONNECTION_ID, limit: 20 } satisfies ListConnectionEventsQuery,

  [ConnectionRequestedV1.routingKey]: {
    connection: PENDING_CONNECTION,
    actor: eventActor(REQUESTER),
    reason: null,
  } satisfies ConnectionRequestedPayload,
  [ConnectionEstablishedV1.routingKey]: {
    connection: ACTIVE_CONNECTION,
    actor: eventActor(UPSTREAM_ADMIN),
    reason: null,
  } satisfies ConnectionEstablishedPayload,
  [ConnectionRejectedV1.routingKey]: {
    connection: {
      ...PENDING_CONNECTION,
      version: 2,
      status: 'rejected',
      decidedBy: UPSTREAM_ADMIN.userId,
      decidedAt: '2025-03-14T10:02:51.087Z',
      rejectReason: REJECT_REASON,
      undoableUntil: null,
      approvalUndoableUntil: null,
    },
    actor: eventActor(UPSTREAM_ADMIN),
    reason: REJECT_REASON,
  } satisfies ConnectionRejectedPayload,
  [ConnectionCancelledV1.routingKey]: {
    connection: {
      ...PENDING_CONNECTION,
      version: 2,
      status: 'cancelled',
      cancelledBy: REQUESTER.userId,
      cancelledAt: '2025-03-14T09:48:30.950Z',
      undoableUntil: null,
      approvalUndoableUntil: null,
    },
    actor: eventActor(REQUESTER),
    reason: null,
  } satisfies ConnectionCancelledPayload,
  [ConnectionDisconnectedV1.routingKey]: {
    connection: {
      ...ACTIVE_CONNECTION,
      version: 3,
      status: 'disconnected',
      disconnectedBy: UPSTREAM_ADMIN.userId,
      disconnectedAt: '2025-09-30T16:45:12.301Z',
      disconnectReason: DISCONNECT_REASON,
      undoableUntil: null,
      approvalUndoableUntil: null,
    },
    actor: eventActor(UPSTREAM_ADMIN),
    reason: DISCONNECT_REASON,
  } satisfies ConnectionDisconnectedPayload,
  // The downstream side undid its pending request within the C14 window.
  [ConnectionUndoneV1.routingKey]: {
    connection: {
      ...PENDING_CONNECTION,
      version: 2,
      status: 'undone',
      undoneBy: REQUESTER.userId,
      undoneAt: '2025-03-14T09:23:40.118Z',
      undoableUntil: null,
      approvalUndoableUntil: null,
    },
    actor: eventActor(REQUESTER),
    reason: null,
  } satisfies ConnectionUndonePayload,
};
