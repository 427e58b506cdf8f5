import { DOWNSTREAM_PROJECT_ID, REQUESTER } from '../testing-samples';
import { GetDistributionListQuery, GetDistributionListV1, SetDistributionListCommand, SetDistributionListV1 } from './distribution-list.v1';

/** One payload per notification message, as the gateway builds them. Checked by contracts.spec.ts. */
export const SAMPLES: Record<string, object> = {
  [GetDistributionListV1.routingKey]: { actor: REQUESTER, projectId: DOWNSTREAM_PROJECT_ID } satisfies GetDistributionListQuery,
  // N1: a CM admin adds the site office to the list.
  [SetDistributionListV1.routingKey]: {
    actor: REQUESTER,
    projectId: DOWNSTREAM_PROJECT_ID,
    distributionList: [REQUESTER.email, 'site-office@apex-electrical.example'],
  } satisfies SetDistributionListCommand,
};
