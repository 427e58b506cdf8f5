import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiToken } from '../../api/client';

/** Kept in sessionStorage: the token lives as long as the browser tab, never longer. */
const KEY = 'connect.personalAccessToken';

interface Session {
  token: string | null;
  /** Why the last session ended, when the server refused its token. */
  endedBecause: string | null;
  signIn(token: string): void;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signOut = useCallback(
    (reason?: string) => {
      sessionStorage.removeItem(KEY);
      setApiToken(null);
      setToken(null);
      setEndedBecause(reason ?? null);
      queryClient.clear();
    },
    [queryClient],
  );
  const signIn = useCallback((value: string) => {
    sessionStorage.setItem(KEY, value);
    setEndedBecause(null);
    setToken(value);
  }, []);
  // Set synchronously so that the first query of a signed-in render already carries the token.
  setApiToken(token, () => signOut('Your personal access token is no longer accepted. Sign in again.'));

  const value = useMemo(() => ({ token, endedBecause, signIn, signOut }), [token, endedBecause, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
