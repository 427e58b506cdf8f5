import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import type { MyProject } from '../auth/me';
import { useDeletedRevisions } from './api';

/** D4 / S4: every deleted revision, with who, when and why. */
export function DeletedRevisionsPage({ project }: { project: MyProject }) {
  const report = useDeletedRevisions(project.id);
  return (
    <section aria-labelledby="deleted-heading">
      <h3 id="deleted-heading">Deleted Drawing Revisions</h3>
      <QueryState query={report} label="the report">
        {(page) =>
          page.items.length === 0 ? (
            <p>No drawing revisions have been deleted.</p>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby="deleted-heading" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Title</th>
                    <th scope="col">Revision</th>
                    <th scope="col">Deleted</th>
                    <th scope="col">By</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((r) => (
                    <tr key={r.revisionId}>
                      <td>{r.drawingNumber}</td>
                      <td>{r.title}</td>
                      <td>{r.revisionNumber}</td>
                      <td>{formatDateTime(r.deletedAt)}</td>
                      <td>{r.deletedByName || r.deletedBy}</td>
                      <td>{r.reason}</td>
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
