import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { refusalText } from '../../lib/refusals';
import type { MyProject } from '../auth/me';
import { usePublish, useReviewQueue } from './api';
import { ConnectedIcon } from './ConnectedIcon';

/** D1: unpublished revisions (uploads and connected copies, S1) for a Drawings admin to publish in bulk. */
export function ReviewPage({ project }: { project: MyProject }) {
  const queue = useReviewQueue(project.id);
  const publish = usePublish(project.id);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [published, setPublished] = useState<number | null>(null);
  const all = useRef<HTMLInputElement>(null);
  const ids = queue.data?.items.map((r) => r.id) ?? [];
  const chosen = ids.filter((id) => selected.has(id));
  const allChosen = ids.length > 0 && chosen.length === ids.length;
  useEffect(() => {
    if (all.current) all.current.indeterminate = chosen.length > 0 && !allChosen;
  }, [chosen.length, allChosen]);

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  function submit() {
    setPublished(null);
    publish.mutate(chosen, {
      onSuccess: (r) => {
        setPublished(r.published);
        setSelected(new Set());
      },
    });
  }

  return (
    <section aria-labelledby="review-heading">
      <div className="section-head">
        <h3 id="review-heading">Review</h3>
        <div className="actions">
          <span className="muted" aria-live="polite">
            {chosen.length} selected
          </span>
          <button type="button" className="primary" onClick={submit} disabled={chosen.length === 0 || publish.isPending}>
            Publish
          </button>
        </div>
      </div>
      <p className="hint">Revisions awaiting review, uploaded here or copied from the upstream project. Published revisions appear in the register.</p>
      {publish.error && <Alert>{refusalText(publish.error)}</Alert>}
      {published !== null && <Alert tone="success">{published === 1 ? '1 revision published.' : `${published} revisions published.`}</Alert>}
      <QueryState query={queue} label="revisions awaiting review">
        {(page) =>
          page.items.length === 0 ? (
            <p>No revisions are waiting for review.</p>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby="review-heading" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        ref={all}
                        type="checkbox"
                        aria-label="Select all"
                        checked={allChosen}
                        onChange={(e) => setSelected(e.target.checked ? new Set(ids) : new Set())}
                      />
                    </th>
                    <th scope="col">Number</th>
                    <th scope="col">Title</th>
                    <th scope="col">Revision</th>
                    <th scope="col">Source</th>
                    <th scope="col">Received</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${r.drawingNumber} revision ${r.revisionNumber}`}
                          checked={selected.has(r.id)}
                          onChange={(e) => toggle(r.id, e.target.checked)}
                        />
                      </td>
                      <td>
                        <Link to={`../revisions/${r.id}`} relative="path">
                          {r.drawingNumber}
                        </Link>
                      </td>
                      <td>{r.title}</td>
                      <td>{r.revisionNumber}</td>
                      <td>
                        {r.connected ? (
                          <span className="source">
                            <ConnectedIcon /> Upstream project
                          </span>
                        ) : (
                          'Uploaded here'
                        )}
                      </td>
                      <td>{formatDateTime(r.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
