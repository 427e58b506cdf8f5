import { DOWNSTREAM_PROJECT_ID, REQUESTER } from '../testing-samples';
import { GetDistributionListQuery, GetDistributionListV1, ListDistributionListChangesV1, SetDistributionListCommand, SetDistributionListV1 } from './distribution-list.v1';
import {
  ListNotificationsQuery,
  ListNotificationsV1,
  MarkAllNotificationsReadCommand,
  MarkAllNotificationsReadV1,
  MarkNotificationReadCommand,
  MarkNotificationReadV1,
} from './feed.v1';

/** One payload per notification message, as the gateway builds them. Checked by contracts.spec.ts. */
export const SAMPLES: Record<string, object> = {
  [GetDistributionListV1.routingKey]: { actor: REQUESTER, projectId: DOWNSTREAM_PROJECT_ID } satisfies GetDistributionListQuery,
  // N1: a CM admin adds the site office to the list.
  [SetDistributionListV1.routingKey]: {
    actor: REQUESTER,
    projectId: DOWNSTREAM_PROJECT_ID,
    distributionList: [REQUESTER.email, 'site-office@apex-electrical.example'],
  } satisfies SetDistributionListCommand,
  [ListDistributionListChangesV1.routingKey]: { actor: REQUESTER, projectId: DOWNSTREAM_PROJECT_ID } satisfies GetDistributionListQuery,
  // The second page of the caller's unread notifications (the cursor is the last item's `createdAt|id`).
  [ListNotificationsV1.routingKey]: {
    actor: REQUESTER,
    unread: true,
    limit: 20,
    cursor: Buffer.from('2026-11-23T08:16:40.102Z|0f4c8e2a9b1d7c3e5a6f8b90', 'utf8').toString('base64url'),
  } satisfies ListNotificationsQuery,
  [MarkNotificationReadV1.routingKey]: { actor: REQUESTER, notificationId: '0f4c8e2a9b1d7c3e5a6f8b90' } satisfies MarkNotificationReadCommand,
  [MarkAllNotificationsReadV1.routingKey]: { actor: REQUESTER } satisfies MarkAllNotificationsReadCommand,
};
