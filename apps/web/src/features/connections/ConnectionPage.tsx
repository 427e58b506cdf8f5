import { type FormEvent, type ReactElement, useState } from 'react';
import { Link, useLocation, useOutletContext, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { QueryState } from '../../components/QueryState';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { refusalText } from '../../lib/refusals';
import { useNow } from '../../lib/useNow';
import type { MyProject } from '../auth/me';
import { type Connection, useConnection, useConnectionAction, useConnectionEvents } from './api';
import { SyncProgress } from './SyncProgress';
import { auditText, roleText, statusText } from './words';

export function ConnectionPage() {
  const project = useOutletContext<MyProject>();
  const { connectionId = '' } = useParams();
  const connection = useConnection(connectionId);
  return (
    <>
      <p>
        <Link to=".." relative="path">
          Back to Connection Manager
        </Link>
      </p>
      <QueryState query={connection} label="the connection">
        {(c) => <ConnectionDetail connection={c} project={project} />}
      </QueryState>
    </>
  );
}

function ConnectionDetail({ connection: c, project }: { connection: Connection; project: MyProject }) {
  const role = c.downstream.projectId === project.id ? 'downstream' : 'upstream';
  const other = role === 'downstream' ? c.upstream : c.downstream;
  const isAdmin = project.permissions.connectionManager === 'admin';
  const justConnected = (useLocation().state as { justConnected?: boolean } | null)?.justConnected;
  return (
    <>
      <h2>Connection with {other.projectName}</h2>
      {justConnected && (
        <Alert tone="success">
          {c.status === 'active'
            ? 'The projects are connected.'
            : c.status === 'pending'
              ? `Request sent: ${c.upstream.companyName} reviews it.`
              : `The connection is ${statusText(c.status).toLowerCase()}.`}
        </Alert>
      )}
      <div className="card">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className={`status status-${c.status}`}>{statusText(c.status)}</span>
          </dd>
          <dt>Role</dt>
          <dd>{roleText(role)}</dd>
          <dt>Upstream project</dt>
          <dd>
            {c.upstream.projectName} ({c.upstream.companyName})
          </dd>
          <dt>Downstream project</dt>
          <dd>
            {c.downstream.projectName} ({c.downstream.companyName})
          </dd>
          <dt>Features</dt>
          <dd>{c.features.map((f) => (f === 'drawings' ? 'Drawings' : f)).join(', ')}</dd>
          <dt>Approval</dt>
          <dd>{c.approval === 'manual' ? 'Reviewed by the upstream company' : 'Automatic'}</dd>
          <dt>Requested</dt>
          <dd>{formatDateTime(c.requestedAt)}</dd>
          {c.decidedAt && (
            <>
              <dt>Decided</dt>
              <dd>{formatDateTime(c.decidedAt)}</dd>
            </>
          )}
          {c.rejectReason && (
            <>
              <dt>Reason for rejecting</dt>
              <dd>{c.rejectReason}</dd>
            </>
          )}
          {c.disconnectedAt && (
            <>
              <dt>Disconnected</dt>
              <dd>
                {formatDateTime(c.disconnectedAt)}
                {c.disconnectReason && `: ${c.disconnectReason}`}
              </dd>
            </>
          )}
        </dl>
        {(c.status === 'active' || c.status === 'disconnected') && <SyncProgress sync={c.sync} />}
      </div>
      {isAdmin && <Actions connection={c} role={role} />}
      <AuditTrail connectionId={c.id} version={c.version} />
    </>
  );
}

function Actions({ connection: c, role }: { connection: Connection; role: 'upstream' | 'downstream' }) {
  const action = useConnectionAction(c.id);
  const [open, setOpen] = useState<'reject' | 'disconnect' | null>(null);
  const undoUntil =
    role === 'downstream' && (c.status === 'pending' || c.status === 'active')
      ? c.undoableUntil
      : role === 'upstream' && c.status === 'active' && c.approval === 'manual'
        ? c.approvalUndoableUntil
        : null;
  const now = useNow(Boolean(undoUntil));
  const undoLeft = undoUntil ? Date.parse(undoUntil) - now : 0;
  const buttons: ReactElement[] = [];
  if (c.status === 'pending' && role === 'upstream') {
    buttons.push(
      <button key="approve" type="button" className="primary" onClick={() => action.mutate({ kind: 'approve' })} disabled={action.isPending}>
        Approve
      </button>,
    );
    buttons.push(
      <button key="reject" type="button" onClick={() => setOpen('reject')} aria-expanded={open === 'reject'}>
        Reject
      </button>,
    );
  }
  if (c.status === 'pending' && role === 'downstream') {
    buttons.push(
      <button key="cancel" type="button" onClick={() => action.mutate({ kind: 'cancel' })} disabled={action.isPending}>
        Cancel request
      </button>,
    );
  }
  if (c.status === 'active') {
    buttons.push(
      <button key="disconnect" type="button" className="danger" onClick={() => setOpen('disconnect')} aria-expanded={open === 'disconnect'}>
        Disconnect
      </button>,
    );
  }
  if (undoUntil && undoLeft > 0) {
    buttons.push(
      <button key="undo" type="button" onClick={() => action.mutate({ kind: 'undo' })} disabled={action.isPending} aria-describedby="undo-countdown">
        {role === 'downstream' ? 'Undo connection' : 'Undo approval'}
      </button>,
    );
  }
  if (!buttons.length) return null;
  return (
    <section aria-labelledby="actions-heading" className="card">
      <h3 id="actions-heading">Actions</h3>
      <div className="actions">{buttons}</div>
      {undoUntil && undoLeft > 0 && (
        <p id="undo-countdown" className="hint">
          Undo is possible for <span role="timer">{formatCountdown(undoLeft)}</span> more
          {role === 'downstream' ? ' (the connection and the unpublished copies it made are removed)' : ' (the connection goes back to pending)'}.
        </p>
      )}
      {action.error && <Alert>{refusalText(action.error)}</Alert>}
      {open === 'reject' && c.status === 'pending' && (
        <RejectForm
          onSubmit={(reason) => action.mutate({ kind: 'reject', reason }, { onSuccess: () => setOpen(null) })}
          onClose={() => setOpen(null)}
          busy={action.isPending}
        />
      )}
      {open === 'disconnect' && c.status === 'active' && (
        <DisconnectForm
          onSubmit={(acceptTerms, reason) => action.mutate({ kind: 'disconnect', acceptTerms, reason }, { onSuccess: () => setOpen(null) })}
          onClose={() => setOpen(null)}
          busy={action.isPending}
        />
      )}
    </section>
  );
}

function RejectForm({ onSubmit, onClose, busy }: { onSubmit: (reason?: string) => void; onClose: () => void; busy: boolean }) {
  const [reason, setReason] = useState('');
  return (
    <form
      className="stack subform"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(reason.trim() || undefined);
      }}
    >
      <label htmlFor="reject-reason">Reason for rejecting (optional)</label>
      <textarea id="reject-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Keep the request
        </button>
        <button type="submit" className="danger" disabled={busy}>
          Reject request
        </button>
      </div>
    </form>
  );
}

function DisconnectForm({ onSubmit, onClose, busy }: { onSubmit: (acceptTerms: boolean, reason: string) => void; onClose: () => void; busy: boolean }) {
  const [accepted, setAccepted] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <form
      className="stack subform"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(accepted, reason.trim());
      }}
    >
      <p>
        After disconnecting, no new or updated drawings are copied, and the downstream project keeps the drawings it has published. The downstream project can
        never connect again: not to this upstream project, not to any other.
      </p>
      <label className="check">
        <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} autoFocus />I understand and accept the terms of disconnection
      </label>
      <label htmlFor="disconnect-reason">Reason for disconnecting</label>
      <textarea id="disconnect-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Stay connected
        </button>
        <button type="submit" className="danger" disabled={busy}>
          Disconnect projects
        </button>
      </div>
    </form>
  );
}

function AuditTrail({ connectionId, version }: { connectionId: string; version: number }) {
  const events = useConnectionEvents(connectionId, version);
  return (
    <section aria-labelledby="audit-heading" className="card">
      <h3 id="audit-heading">Audit trail</h3>
      <QueryState query={events} label="the audit trail">
        {(page) => (
          <ol className="audit">
            {page.items.map((e) => (
              <li key={e.version}>
                <span className="audit-what">{auditText(e.kind)}</span>{' '}
                <span className="muted">
                  {formatDateTime(e.at)} · by user {e.actorId}
                </span>
                {typeof (e.data as { reason?: unknown })?.reason === 'string' && <span>: {(e.data as { reason: string }).reason}</span>}
              </li>
            ))}
          </ol>
        )}
      </QueryState>
    </section>
  );
}
