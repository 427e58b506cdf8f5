import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { SignInPage } from '../features/auth/SignInPage';
import { SessionProvider, useSession } from '../features/auth/session';
import { AppRouter } from './router';

/** Refusals (4xx) are answers, not failures: only outages are retried. */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

function Gate() {
  const { token } = useSession();
  return token ? <AppRouter /> : <SignInPage />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </QueryClientProvider>
  );
}
