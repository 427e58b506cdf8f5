import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { Alert } from '../../components/Alert';
import { refusalText } from '../../lib/refusals';
import { meQuery } from './me';
import { useSession } from './session';

export function SignInPage() {
  const { signIn, endedBecause } = useSession();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) return setError('Enter your personal access token.');
    setBusy(true);
    setError(null);
    try {
      // Tried before it is kept: a bad token never becomes the session's.
      const me = await unwrap(api.GET('/api/v1/me', { headers: { Authorization: `Bearer ${candidate}` } }));
      queryClient.setQueryData(meQuery.queryKey, me);
      signIn(candidate);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That personal access token was not accepted. Check it and try again.' : refusalText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <h1>Project Connect</h1>
      <p>Share drawings between connected projects.</p>
      <form onSubmit={submit} className="card stack" noValidate>
        <h2>Sign in</h2>
        {endedBecause && <Alert tone="info">{endedBecause}</Alert>}
        <label htmlFor="token">Personal access token</label>
        <input
          id="token"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-hint"
          aria-invalid={error ? true : undefined}
        />
        <p id="token-hint" className="hint">
          Kept for this browser tab only; closing it signs you out.
        </p>
        {error && <Alert>{error}</Alert>}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
