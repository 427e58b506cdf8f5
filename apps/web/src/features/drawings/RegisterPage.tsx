import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../lib/format';
import type { MyProject } from '../auth/me';
import { useAreas, useRegister } from './api';
import { ConnectedIcon } from './ConnectedIcon';

export function RegisterPage({ project }: { project: MyProject }) {
  const [params, setParams] = useSearchParams();
  const areaId = params.get('area') ?? '';
  const areas = useAreas(project.id);
  const register = useRegister(project.id, areaId);
  const filterId = useId();
  return (
    <section aria-labelledby="register-heading">
      <div className="section-head">
        <h3 id="register-heading">Register</h3>
        <div className="filter">
          <label htmlFor={filterId}>Area</label>
          <select id={filterId} value={areaId} onChange={(e) => setParams(e.target.value ? { area: e.target.value } : {})}>
            <option value="">All areas</option>
            {areas.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState query={register} label="the register">
        {(page) =>
          page.items.length === 0 ? (
            <p>No published drawings{areaId ? ' in this area' : ''} yet.</p>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby="register-heading" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Title</th>
                    <th scope="col">Discipline</th>
                    <th scope="col">Area</th>
                    <th scope="col">Current revision</th>
                    <th scope="col">Set</th>
                    <th scope="col">Source</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.id} className={d.obsolete ? 'obsolete' : undefined}>
                      <td>{d.currentRevision ? <Link to={`revisions/${d.currentRevision.id}`}>{d.number}</Link> : d.number}</td>
                      <td>
                        {d.title}
                        {d.obsolete && <span className="badge">Obsolete</span>}
                      </td>
                      <td>{d.discipline.name}</td>
                      <td>{d.area.name}</td>
                      <td>
                        {d.currentRevision
                          ? `${d.currentRevision.revisionNumber}${d.currentRevision.revisionStatus ? ` (${d.currentRevision.revisionStatus})` : ''}`
                          : '—'}
                        {d.connectedUpdateAvailable && <span className="badge badge-update">Update available</span>}
                      </td>
                      <td>{d.currentRevision?.set ? `${d.currentRevision.set.name}, ${formatDate(d.currentRevision.set.date)}` : '—'}</td>
                      <td>
                        {d.connected ? (
                          <span className="source">
                            <ConnectedIcon /> {d.source ? `${d.source.projectName} (${d.source.companyName})` : 'Upstream project'}
                          </span>
                        ) : (
                          'This project'
                        )}
                      </td>
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
