import { type FormEvent, useEffect, useState } from 'react';
import { Alert } from '../../components/Alert';
import { QueryState } from '../../components/QueryState';
import { refusalText } from '../../lib/refusals';
import type { MyProject } from '../auth/me';
import { useConnectionSettings, useSaveConnectionSettings } from './api';

/** N1: who is emailed about this project's connections; Connection Manager admins edit it. */
export function DistributionList({ project }: { project: MyProject }) {
  const settings = useConnectionSettings(project.id);
  const save = useSaveConnectionSettings(project.id);
  const isAdmin = project.permissions.connectionManager === 'admin';
  const [text, setText] = useState('');
  const loaded = settings.data?.distributionList;
  useEffect(() => {
    if (loaded) setText(loaded.join('\n'));
  }, [loaded]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const emails = text
      .split(/[\s,;]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    save.mutate(emails);
  }

  return (
    <section aria-labelledby="distribution-heading" className="card">
      <h3 id="distribution-heading">Distribution list</h3>
      <p className="hint">Notified by email of new connections, connection requests and disconnections of this project.</p>
      <QueryState query={settings} label="the distribution list">
        {(data) =>
          isAdmin ? (
            <form onSubmit={submit} className="stack">
              <label htmlFor="distribution-list">Email addresses (one a line)</label>
              <textarea id="distribution-list" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
              {save.error && <Alert>{refusalText(save.error)}</Alert>}
              {save.isSuccess && <Alert tone="success">Distribution list saved.</Alert>}
              <div>
                <button type="submit" disabled={save.isPending}>
                  Save distribution list
                </button>
              </div>
            </form>
          ) : data.distributionList.length ? (
            <ul>
              {data.distributionList.map((email) => (
                <li key={email}>{email}</li>
              ))}
            </ul>
          ) : (
            <p>Nobody is on the list.</p>
          )
        }
      </QueryState>
    </section>
  );
}
