import { FollowedConnection } from './engine.schemas';

/**
 * What a tool (drawings today) gives the generic engine: how to list the
 * upstream items to copy and how to ask for some to be copied. Their outcomes
 * come back to `Ledger.settle` (the tool's own handler calls it).
 */
export interface SyncTool {
  /** Names the tool in ledger keys and leases, e.g. `drawings`. */
  readonly name: string;
  /** Every upstream item id to be copied now (S1): one call, in any order. */
  listUpstream(connection: FollowedConnection): Promise<string[]>;
  /**
   * Asks for items of one batch to be copied (as few requests as the tool can carry them in); their outcomes are
   * settled later. `repair` (resync) also fixes a copy that exists but differs; `attempt` > 0: asked again.
   */
  requestCopies(connection: FollowedConnection, itemIds: string[], batchId: string, repair: boolean, attempt?: number): Promise<void>;
  /** Resync: remove downstream copies whose upstream item is gone (extra). */
  removeExtra?(connection: FollowedConnection, upstreamIds: string[]): Promise<void>;
}

export const SYNC_TOOLS = Symbol('SYNC_TOOLS');
