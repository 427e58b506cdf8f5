import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { type Me, useMe } from '../auth/me';

export interface CompanyGroup {
  companyId: string;
  companyName: string;
  projects: Me['projects'];
}

/** The user's projects grouped by their company, companies and projects by name. */
export function groupProjectsByCompany(me: Me): CompanyGroup[] {
  const groups = new Map<string, CompanyGroup>();
  for (const project of me.projects) {
    const companyName = me.companies.find((c) => c.id === project.companyId)?.name ?? 'Other company';
    const group = groups.get(project.companyId) ?? { companyId: project.companyId, companyName, projects: [] };
    group.projects.push(project);
    groups.set(project.companyId, group);
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return [...groups.values()].sort((a, b) => a.companyName.localeCompare(b.companyName)).map((g) => ({ ...g, projects: [...g.projects].sort(byName) }));
}

export function ProjectsPage() {
  const me = useMe();
  return (
    <main id="main" className="page">
      <h1>Your projects</h1>
      <QueryState query={me} label="your projects">
        {(data) => {
          const groups = groupProjectsByCompany(data);
          if (!groups.length) return <p>You are not a member of any project yet. A company admin can add you to one.</p>;
          return groups.map((group) => (
            <section key={group.companyId} className="card" aria-labelledby={`company-${group.companyId}`}>
              <h2 id={`company-${group.companyId}`}>{group.companyName}</h2>
              <ul className="project-list">
                {group.projects.map((p) => (
                  <li key={p.id}>
                    <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ));
        }}
      </QueryState>
    </main>
  );
}
