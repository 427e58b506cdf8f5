import { NavLink, Route, Routes, useOutletContext } from 'react-router';
import type { MyProject } from '../auth/me';
import { DeletedRevisionsPage } from './DeletedRevisionsPage';
import { RegisterPage } from './RegisterPage';
import { ReviewPage } from './ReviewPage';
import { SetupPage } from './SetupPage';
import { UploadPage } from './UploadPage';
import { ViewerPage } from './ViewerPage';

const RANK = { none: 0, read_only: 1, standard: 2, admin: 3 } as const;

/** The Drawings tool: what each view needs (D1) decides whether it is offered. */
export function DrawingsLayout() {
  const project = useOutletContext<MyProject>();
  const level = RANK[project.permissions.drawings];
  const base = `/projects/${project.id}/drawings`;
  const views = [
    { to: base, label: 'Register', end: true, show: true },
    { to: `${base}/review`, label: 'Review', show: level >= RANK.admin },
    { to: `${base}/upload`, label: 'Upload', show: level >= RANK.standard },
    { to: `${base}/setup`, label: 'Areas, disciplines and sets', show: true },
    { to: `${base}/deleted`, label: 'Deleted Drawing Revisions', show: level >= RANK.admin },
  ].filter((v) => v.show);
  return (
    <>
      <h2>Drawings</h2>
      <nav aria-label="Drawings views" className="subtabs">
        {views.map((v) => (
          <NavLink key={v.to} to={v.to} end={v.end}>
            {v.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<RegisterPage project={project} />} />
        <Route path="review" element={<ReviewPage project={project} />} />
        <Route path="upload" element={<UploadPage project={project} />} />
        <Route path="setup" element={<SetupPage project={project} />} />
        <Route path="deleted" element={<DeletedRevisionsPage project={project} />} />
        <Route path="revisions/:revisionId" element={<ViewerPage project={project} />} />
      </Routes>
    </>
  );
}
