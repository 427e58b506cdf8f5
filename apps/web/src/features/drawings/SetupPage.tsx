import { type FormEvent, useState } from 'react';
import { Alert } from '../../components/Alert';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../lib/format';
import { refusalText } from '../../lib/refusals';
import type { MyProject } from '../auth/me';
import { useAreas, useCreateArea, useCreateDiscipline, useCreateSet, useDisciplines, useSets } from './api';
import { ConnectedIcon } from './ConnectedIcon';

/** Areas, disciplines and sets of the register; Drawings admins add them. */
export function SetupPage({ project }: { project: MyProject }) {
  const isAdmin = project.permissions.drawings === 'admin';
  const areas = useAreas(project.id);
  const disciplines = useDisciplines(project.id);
  const sets = useSets(project.id);
  const createArea = useCreateArea(project.id);
  const createDiscipline = useCreateDiscipline(project.id);
  const createSet = useCreateSet(project.id);
  return (
    <div className="grid3 setup">
      <section aria-labelledby="areas-heading" className="card">
        <h3 id="areas-heading">Areas</h3>
        <QueryState query={areas} label="areas">
          {(page) => (
            <ul>
              {page.items.map((a) => (
                <li key={a.id}>
                  {a.name}
                  {a.connected && <ConnectedIcon />}
                  {a.description && <span className="muted"> — {a.description}</span>}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
        {isAdmin && (
          <NameForm
            label="area"
            extra="Description"
            busy={createArea.isPending}
            error={createArea.error}
            onSubmit={(name, description) => createArea.mutateAsync({ name, description: description || undefined })}
          />
        )}
      </section>
      <section aria-labelledby="disciplines-heading" className="card">
        <h3 id="disciplines-heading">Disciplines</h3>
        <QueryState query={disciplines} label="disciplines">
          {(page) => (
            <ul>
              {page.items.map((d) => (
                <li key={d.id}>{d.name}</li>
              ))}
            </ul>
          )}
        </QueryState>
        {isAdmin && (
          <NameForm
            label="discipline"
            busy={createDiscipline.isPending}
            error={createDiscipline.error}
            onSubmit={(name) => createDiscipline.mutateAsync({ name })}
          />
        )}
      </section>
      <section aria-labelledby="sets-heading" className="card">
        <h3 id="sets-heading">Sets</h3>
        <QueryState query={sets} label="sets">
          {(page) => (
            <ul>
              {page.items.map((s) => (
                <li key={s.id}>
                  {s.name} <span className="muted">{formatDate(s.date)}</span>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
        {isAdmin && (
          <NameForm
            label="set"
            extra="Date"
            extraType="date"
            busy={createSet.isPending}
            error={createSet.error}
            onSubmit={(name, date) => createSet.mutateAsync({ name, date: date || new Date().toISOString().slice(0, 10) })}
          />
        )}
      </section>
    </div>
  );
}

function NameForm({
  label,
  extra,
  extraType = 'text',
  busy,
  error,
  onSubmit,
}: {
  label: string;
  extra?: string;
  extraType?: string;
  busy: boolean;
  error: unknown;
  onSubmit: (name: string, extra: string) => Promise<unknown>;
}) {
  const [name, setName] = useState('');
  const [more, setMore] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    await onSubmit(name.trim(), more.trim()).then(
      () => {
        setName('');
        setMore('');
      },
      () => undefined,
    );
  }
  return (
    <form onSubmit={submit} className="stack">
      <label>
        New {label} name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      {extra && (
        <label>
          {extra}
          <input type={extraType} value={more} onChange={(e) => setMore(e.target.value)} />
        </label>
      )}
      {Boolean(error) && <Alert>{refusalText(error)}</Alert>}
      <div>
        <button type="submit" disabled={busy}>
          Add {label}
        </button>
      </div>
    </form>
  );
}
