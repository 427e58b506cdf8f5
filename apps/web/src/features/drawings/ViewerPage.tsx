import { type FormEvent, type KeyboardEvent, type MouseEvent, useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { refusalText } from '../../lib/refusals';
import type { MyProject } from '../auth/me';
import { type Markup, type Revision, useAddMarkup, useMarkups, useRevision } from './api';
import { ConnectedIcon } from './ConnectedIcon';
import { PdfPage, type Point, useRevisionFile } from './DrawingSurface';

/** A markup of this viewer: a numbered pin at a point of the sheet (fractions of its width and height) with a note. */
interface PinData {
  x: number;
  y: number;
  note: string;
}

function pinOf(m: Markup): PinData | null {
  const d = m.data as Partial<PinData>;
  return m.kind === 'pin' && typeof d.x === 'number' && typeof d.y === 'number' ? { x: d.x, y: d.y, note: String(d.note ?? '') } : null;
}

export function ViewerPage({ project }: { project: MyProject }) {
  const { revisionId = '' } = useParams();
  const revision = useRevision(project.id, revisionId);
  return (
    <section aria-labelledby="viewer-heading">
      <p>
        <Link to="../.." relative="path">
          Back to the register
        </Link>
      </p>
      <QueryState query={revision} label="the drawing">
        {(r) => <Viewer project={project} revision={r} />}
      </QueryState>
    </section>
  );
}

function Viewer({ project, revision: r }: { project: MyProject; revision: Revision }) {
  const { file, error } = useRevisionFile(`/api/v1/projects/${encodeURIComponent(project.id)}/drawing-revisions/${encodeURIComponent(r.id)}/file`);
  const markups = useMarkups(project.id, r.id);
  const add = useAddMarkup(project.id, r.id);
  const [at, setAt] = useState<Point>({ x: 0.5, y: 0.5 });
  const [note, setNote] = useState('');
  const [ready, setReady] = useState(false);
  const rendered = useCallback(() => setReady(true), []);
  const pins = (markups.data?.items ?? []).map(pinOf).filter((p): p is PinData => p !== null);
  const title = `${r.drawingNumber} ${r.title}, revision ${r.revisionNumber}`;

  function place(e: MouseEvent<HTMLDivElement>) {
    const box = e.currentTarget.getBoundingClientRect();
    setAt({ x: (e.clientX - box.left) / box.width, y: (e.clientY - box.top) / box.height });
  }
  function nudge(e: KeyboardEvent<HTMLDivElement>) {
    const step = e.shiftKey ? 0.1 : 0.02;
    const moves: Record<string, Point> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    setAt((p) => ({ x: Math.min(1, Math.max(0, p.x + m.x)), y: Math.min(1, Math.max(0, p.y + m.y)) }));
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) return;
    add.mutate({ kind: 'pin', data: { x: at.x, y: at.y, note: note.trim() } }, { onSuccess: () => setNote('') });
  }

  return (
    <>
      <h3 id="viewer-heading">
        {r.drawingNumber} {r.title} <span className="muted">revision {r.revisionNumber}</span> {r.connected && <ConnectedIcon />}
      </h3>
      <p className="hint">
        {r.published ? `Published ${formatDateTime(r.publishedAt)}` : 'Awaiting review'} · {r.filename}
      </p>
      <div className="viewer">
        <div
          className="sheet"
          tabIndex={0}
          role="group"
          aria-label="Drawing sheet: click, or use the arrow keys, to choose where a new markup goes"
          aria-describedby="markup-position"
          onClick={place}
          onKeyDown={nudge}
        >
          {error && <p role="alert">{error}</p>}
          {file &&
            (file.type.includes('pdf') ? (
              <PdfPage blobUrl={file.blobUrl} title={title} onRendered={rendered} />
            ) : (
              <img src={file.blobUrl} alt={title} className="drawing-image" onLoad={rendered} />
            ))}
          {ready && (
            <svg className="markups" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
              {pins.map((p, i) => (
                <g key={i}>
                  <circle cx={p.x * 100} cy={p.y * 100} r="1.8" className="pin" />
                  <text x={p.x * 100} y={p.y * 100 + 0.9} className="pin-label" textAnchor="middle">
                    {i + 1}
                  </text>
                </g>
              ))}
              <path d={`M${at.x * 100 - 3} ${at.y * 100}h6M${at.x * 100} ${at.y * 100 - 3}v6`} className="crosshair" />
            </svg>
          )}
        </div>
        <aside className="markup-panel" aria-labelledby="markups-heading">
          <h4 id="markups-heading">Markups ({pins.length})</h4>
          <p className="hint">Markups stay in this project: they are never copied to or from a connected project.</p>
          <QueryState query={markups} label="markups">
            {() => (
              <ol className="markup-list">
                {pins.map((p, i) => (
                  <li key={i}>{p.note}</li>
                ))}
              </ol>
            )}
          </QueryState>
          <form onSubmit={submit} className="stack">
            <label htmlFor="markup-note">Markup note</label>
            <input id="markup-note" value={note} onChange={(e) => setNote(e.target.value)} />
            <p id="markup-position" className="hint">
              Position: {Math.round(at.x * 100)}% across, {Math.round(at.y * 100)}% down.
            </p>
            {add.error && <Alert>{refusalText(add.error)}</Alert>}
            <div>
              <button type="submit" className="primary" disabled={add.isPending || !note.trim()}>
                Add markup
              </button>
            </div>
          </form>
        </aside>
      </div>
    </>
  );
}
