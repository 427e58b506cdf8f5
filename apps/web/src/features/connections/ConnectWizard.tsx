import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useOutletContext } from 'react-router';
import { Alert } from '../../components/Alert';
import { refusalText } from '../../lib/refusals';
import { type MyProject, useMe } from '../auth/me';
import { useRequestConnection } from './api';

/** The features a connection can carry (C7); today only drawings. */
const FEATURES = [{ id: 'drawings', label: 'Drawings' }] as const;

/** The considerations of the seed page "Initiate a Project Connection", shown before connecting. */
export const CONSIDERATIONS = [
  'Only the downstream project can initiate a connection with an upstream project: this project will receive the upstream project’s published drawings.',
  'A downstream project can only connect to one upstream project.',
  'Once disconnected, this project can never connect again: not to the same upstream project, not to any other.',
  'GovCloud accounts cannot take part in a project connection.',
  'Projects with more than 100,000 drawing revisions cannot be connected.',
  'Users on the Connection Manager email distribution list of both projects are notified of new connections, and of connection requests when the upstream company reviews them.',
];

const STEPS = ['Upstream project', 'Features', 'Considerations'];

export function ConnectWizard() {
  const project = useOutletContext<MyProject>();
  const me = useMe().data;
  const navigate = useNavigate();
  const request = useRequestConnection(project.id);
  const [step, setStep] = useState(0);
  const [companyId, setCompanyId] = useState('');
  const [upstreamProjectId, setUpstreamProjectId] = useState('');
  const [features, setFeatures] = useState<string[]>(['drawings']);
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);

  if (project.permissions.connectionManager !== 'admin') {
    return <Alert>You do not have the permissions this needs. Missing: Connection Manager admin on the downstream project.</Alert>;
  }
  const companies = me?.companies ?? [];
  const current = companies.filter((c) => c.id === project.companyId);
  const others = companies.filter((c) => c.id !== project.companyId).sort((a, b) => a.name.localeCompare(b.name));
  const candidates = (me?.projects ?? []).filter((p) => p.companyId === companyId && p.id !== project.id).sort((a, b) => a.name.localeCompare(b.name));

  function next(event: FormEvent) {
    event.preventDefault();
    if (step === 0 && !upstreamProjectId) return setProblem('Select the upstream company and project.');
    if (step === 1 && features.length === 0) return setProblem('Select at least one feature for this connection.');
    setProblem(null);
    setStep(step + 1);
  }

  function connect(event: FormEvent) {
    event.preventDefault();
    request.mutate(
      { upstreamProjectId, features },
      { onSuccess: (connection) => navigate(`/projects/${project.id}/connections/${connection.id}`, { state: { justConnected: true } }) },
    );
  }

  return (
    <section aria-labelledby="wizard-heading" className="card wizard">
      <h2 id="wizard-heading">Connect to an upstream project</h2>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((label, i) => (
          <li key={label} aria-current={i === step ? 'step' : undefined} className={i === step ? 'current' : i < step ? 'done' : ''}>
            {label}
          </li>
        ))}
      </ol>
      <h3 tabIndex={-1} ref={heading}>
        Step {step + 1} of {STEPS.length}: {STEPS[step]}
      </h3>
      {step === 0 && (
        <form onSubmit={next} className="stack">
          <label htmlFor="upstream-company">Upstream company</label>
          <select
            id="upstream-company"
            value={companyId}
            onChange={(e) => {
              setCompanyId(e.target.value);
              setUpstreamProjectId('');
            }}
          >
            <option value="">Select a company</option>
            {current.length > 0 && (
              <optgroup label="Current Company">
                {current.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
            {others.length > 0 && (
              <optgroup label="Other Companies">
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <label htmlFor="upstream-project">Upstream project</label>
          <select
            id="upstream-project"
            value={upstreamProjectId}
            onChange={(e) => setUpstreamProjectId(e.target.value)}
            disabled={!companyId}
            aria-describedby="upstream-project-hint"
          >
            <option value="">{companyId && candidates.length === 0 ? 'No project of yours at this company' : 'Select a project'}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <p id="upstream-project-hint" className="hint">
            The projects of that company you are a member of. You need Read Only or higher on its Drawings tool.
          </p>
          {problem && <Alert>{problem}</Alert>}
          <div className="actions">
            <Link to=".." relative="path" className="button">
              Back to Connection Manager
            </Link>
            <button type="submit" className="primary">
              Next
            </button>
          </div>
        </form>
      )}
      {step === 1 && (
        <form onSubmit={next} className="stack">
          <fieldset>
            <legend>Select at least one feature for this connection</legend>
            {FEATURES.map((f) => (
              <label key={f.id} className="check">
                <input
                  type="checkbox"
                  checked={features.includes(f.id)}
                  onChange={(e) => setFeatures(e.target.checked ? [...features, f.id] : features.filter((x) => x !== f.id))}
                />
                {f.label}
              </label>
            ))}
          </fieldset>
          {problem && <Alert>{problem}</Alert>}
          <div className="actions">
            <button type="button" onClick={() => setStep(0)}>
              Back
            </button>
            <button type="submit" className="primary">
              Next
            </button>
          </div>
        </form>
      )}
      {step === 2 && (
        <form onSubmit={connect} className="stack">
          <p>Review the considerations, then connect the projects.</p>
          <ul className="considerations">
            {CONSIDERATIONS.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p>
            If the upstream company approves connections automatically, the projects connect at once; otherwise a request is sent to the upstream company for
            review.
          </p>
          {request.error && <Alert>{refusalText(request.error)}</Alert>}
          <div className="actions">
            <button type="button" onClick={() => setStep(1)}>
              Back
            </button>
            <button type="submit" className="primary" disabled={request.isPending}>
              Connect Projects
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
