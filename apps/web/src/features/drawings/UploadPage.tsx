import { type DragEvent, type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { refusalText } from '../../lib/refusals';
import type { MyProject } from '../auth/me';
import { useAreas, useDisciplines, useSets } from './api';
import { guessFromFileName, uploadRevision } from './upload';
import { useQueryClient } from '@tanstack/react-query';

interface Item {
  key: string;
  file: File;
  drawingNumber: string;
  title: string;
  revisionNumber: string;
  progress: number;
  state: 'ready' | 'uploading' | 'done' | 'failed';
  error?: string;
}

/** D1/D2: several files at once, by drag and drop or the file picker, each with its own progress. */
export function UploadPage({ project }: { project: MyProject }) {
  const areas = useAreas(project.id);
  const disciplines = useDisciplines(project.id);
  const sets = useSets(project.id);
  const queryClient = useQueryClient();
  const [items, setItems] = useState<Item[]>([]);
  const [areaId, setAreaId] = useState('');
  const [disciplineId, setDisciplineId] = useState('');
  const [setId, setSetId] = useState('');
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pickerId = useId();
  const area = areaId || areas.data?.items[0]?.id || '';
  const discipline = disciplineId || disciplines.data?.items[0]?.id || '';

  function add(files: FileList | File[]) {
    const added = [...files].map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      ...guessFromFileName(file.name),
      revisionNumber: '1',
      progress: 0,
      state: 'ready' as const,
    }));
    setItems((list) => [...list, ...added]);
  }
  const update = (key: string, patch: Partial<Item>) => setItems((list) => list.map((it) => (it.key === key ? { ...it, ...patch } : it)));

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) add(e.dataTransfer.files);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!area || !discipline) return setProblem('Choose an area and a discipline (add them under Areas, disciplines and sets).');
    setProblem(null);
    const todo = items.filter((it) => it.state === 'ready' || it.state === 'failed');
    await Promise.all(
      todo.map(async (it) => {
        update(it.key, { state: 'uploading', progress: 0, error: undefined });
        try {
          await uploadRevision(
            project.id,
            it.file,
            {
              areaId: area,
              disciplineId: discipline,
              setId: setId || undefined,
              drawingNumber: it.drawingNumber,
              title: it.title,
              revisionNumber: it.revisionNumber,
            },
            (progress) => update(it.key, { progress }),
          );
          update(it.key, { state: 'done', progress: 1 });
        } catch (err) {
          update(it.key, { state: 'failed', error: refusalText(err) });
        }
      }),
    );
    await queryClient.invalidateQueries({ queryKey: ['drawings', project.id] });
  }

  const noSetup = areas.data?.items.length === 0 || disciplines.data?.items.length === 0;
  return (
    <section aria-labelledby="upload-heading">
      <h3 id="upload-heading">Upload drawings</h3>
      {noSetup && (
        <Alert tone="info">
          Drawings need an area and a discipline: add them under{' '}
          <Link to="../setup" relative="path">
            Areas, disciplines and sets
          </Link>{' '}
          first.
        </Alert>
      )}
      <form onSubmit={submit} className="stack">
        <div className="grid3">
          <label>
            Area
            <select value={area} onChange={(e) => setAreaId(e.target.value)}>
              {areas.data?.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Discipline
            <select value={discipline} onChange={(e) => setDisciplineId(e.target.value)}>
              {disciplines.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Set
            <select value={setId} onChange={(e) => setSetId(e.target.value)}>
              <option value="">No set</option>
              {sets.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop PDF, PNG, JPEG or TIFF files here, or</p>
          <label htmlFor={pickerId} className="button">
            Choose files
          </label>
          <input
            id={pickerId}
            className="visually-hidden-input"
            type="file"
            multiple
            accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
            onChange={(e) => {
              if (e.target.files) add(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        {items.length > 0 && (
          <ul className="upload-list">
            {items.map((it) => (
              <li key={it.key} className="card">
                <p className="file-name">{it.file.name}</p>
                <div className="grid3">
                  <label>
                    Drawing number
                    <input
                      value={it.drawingNumber}
                      onChange={(e) => update(it.key, { drawingNumber: e.target.value })}
                      disabled={it.state === 'uploading' || it.state === 'done'}
                      required
                    />
                  </label>
                  <label>
                    Title
                    <input
                      value={it.title}
                      onChange={(e) => update(it.key, { title: e.target.value })}
                      disabled={it.state === 'uploading' || it.state === 'done'}
                      required
                    />
                  </label>
                  <label>
                    Revision number
                    <input
                      value={it.revisionNumber}
                      onChange={(e) => update(it.key, { revisionNumber: e.target.value })}
                      disabled={it.state === 'uploading' || it.state === 'done'}
                      required
                    />
                  </label>
                </div>
                <progress max={1} value={it.progress} aria-label={`Upload of ${it.file.name}`} />
                <p className="hint" aria-live="polite">
                  {it.state === 'ready'
                    ? 'Ready to upload'
                    : it.state === 'uploading'
                      ? `Uploading: ${Math.round(it.progress * 100)}%`
                      : it.state === 'done'
                        ? 'Uploaded: awaiting review'
                        : 'Not uploaded'}
                </p>
                {it.error && <Alert>{it.error}</Alert>}
              </li>
            ))}
          </ul>
        )}
        {problem && <Alert>{problem}</Alert>}
        <div className="actions">
          <button type="submit" className="primary" disabled={!items.some((it) => it.state === 'ready' || it.state === 'failed')}>
            Upload
          </button>
          {items.some((it) => it.state === 'done') && (
            <Link to="../review" relative="path">
              Go to Review
            </Link>
          )}
        </div>
      </form>
    </section>
  );
}
