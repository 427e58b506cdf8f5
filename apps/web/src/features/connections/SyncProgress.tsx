import { formatDateTime } from '../../lib/format';
import type { Connection } from './api';

/** S8 progress of one connection: a progressbar with its values in words, updated by polling. */
export function SyncProgress({ sync }: { sync: Connection['sync'] }) {
  const { revisionsTotal: total, revisionsCopied: copied, revisionsPending: pending, revisionsFailed: failed } = sync;
  const state = sync.state === 'copying' ? 'Copying' : sync.state === 'idle' ? 'Up to date' : 'Stopped';
  const text = `${copied} of ${total} revisions copied, ${pending} pending, ${failed} failed; last synced ${sync.lastSyncedAt ? formatDateTime(sync.lastSyncedAt) : 'never'}`;
  const percent = total > 0 ? Math.round((copied / total) * 100) : 0;
  return (
    <div className="sync">
      <div className="sync-label">
        <span>Sync progress</span>
        <span className="muted">{state}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={copied}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="hint">{text}</p>
    </div>
  );
}
