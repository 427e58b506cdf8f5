import { NavLink, Outlet, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { refusalText } from '../../lib/refusals';
import { type MyProject, useMyProject } from '../auth/me';
import { UnreadCount } from '../notifications/UnreadCount';

/** Which tools of a project the user sees: a tool with permission `none` is not shown. */
export function projectTools(project: MyProject): { to: string; label: string }[] {
  const tools: { to: string; label: string }[] = [];
  if (project.permissions.connectionManager !== 'none') tools.push({ to: 'connections', label: 'Connection Manager' });
  if (project.permissions.drawings !== 'none') tools.push({ to: 'drawings', label: 'Drawings' });
  tools.push({ to: 'notifications', label: 'Notifications' });
  return tools;
}

export function ProjectLayout() {
  const { projectId = '' } = useParams();
  const { me, project, isPending, error } = useMyProject(projectId);
  if (error)
    return (
      <main id="main" className="page">
        <Alert>{refusalText(error)}</Alert>
      </main>
    );
  if (isPending)
    return (
      <main id="main" className="page">
        <p className="muted">Loading the project…</p>
      </main>
    );
  if (!project)
    return (
      <main id="main" className="page">
        <Alert>This project does not exist, or you are not a member of it.</Alert>
      </main>
    );
  const company = me?.companies.find((c) => c.id === project.companyId);
  return (
    <div className="project">
      <div className="project-header">
        <p className="muted company-name">{company?.name}</p>
        <h1>{project.name}</h1>
        <nav aria-label="Project tools" className="tabs">
          {projectTools(project).map((tool) => (
            <NavLink key={tool.to} to={tool.to}>
              {tool.label}
              {tool.to === 'notifications' && <UnreadCount />}
            </NavLink>
          ))}
        </nav>
      </div>
      <main id="main" className="page">
        <Outlet context={project} />
      </main>
    </div>
  );
}
