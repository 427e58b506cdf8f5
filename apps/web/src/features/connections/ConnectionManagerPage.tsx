import { Link, useOutletContext } from 'react-router';
import { QueryState } from '../../components/QueryState';
import type { MyProject } from '../auth/me';
import { type ConnectionListItem, useProjectConnections } from './api';
import { DistributionList } from './DistributionList';
import { SyncProgress } from './SyncProgress';
import { roleText, statusText } from './words';

/** The project on the other side of a connection, seen from this project. */
export const otherSide = (c: ConnectionListItem) => (c.role === 'downstream' ? c.upstream : c.downstream);

export function ConnectionManagerPage() {
  const project = useOutletContext<MyProject>();
  const connections = useProjectConnections(project.id);
  const isAdmin = project.permissions.connectionManager === 'admin';
  return (
    <>
      <div className="section-head">
        <h2>Connection Manager</h2>
        {isAdmin && (
          <Link to="connect" className="button primary">
            Connect
          </Link>
        )}
      </div>
      <section aria-labelledby="connections-heading">
        <h3 id="connections-heading">Connections</h3>
        <QueryState query={connections} label="connections">
          {(page) =>
            page.items.length === 0 ? (
              <p>This project has no connections yet.{isAdmin && ' Use Connect to connect it to an upstream project.'}</p>
            ) : (
              <ul className="connection-list">
                {page.items.map((c) => {
                  const other = otherSide(c);
                  return (
                    <li key={c.id} className="card connection">
                      <div className="connection-head">
                        <div>
                          <p className="muted">{other.companyName}</p>
                          <h4>
                            <Link to={c.id}>{other.projectName}</Link>
                          </h4>
                        </div>
                        <span className={`status status-${c.status}`}>{statusText(c.status)}</span>
                      </div>
                      <p>{roleText(c.role)}</p>
                      {c.status === 'active' && <SyncProgress sync={c.sync} />}
                    </li>
                  );
                })}
              </ul>
            )
          }
        </QueryState>
      </section>
      <DistributionList project={project} />
    </>
  );
}
