import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';

export type Connection = Schemas['ConnectionDto'];
export type ConnectionListItem = Schemas['ConnectionListItemDto'];
export type AuditEntry = Schemas['ConnectionAuditEntryDto'];

/** Sync progress and decisions change on the server: lists and connections poll while they are live. */
const LIVE_MS = 2000;
const isLive = (c: { status: string; sync: { state: string } }) => c.status === 'pending' || c.status === 'active' || c.sync.state === 'copying';

export function useProjectConnections(projectId: string) {
  return useQuery({
    queryKey: ['connections', 'project', projectId],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/connections', { params: { path: { projectId }, query: { limit: 200 } } })),
    refetchInterval: (q) => (q.state.data?.items.some(isLive) ? LIVE_MS : false),
  });
}

export function useConnection(connectionId: string) {
  return useQuery({
    queryKey: ['connections', connectionId],
    queryFn: () => unwrap(api.GET('/api/v1/connections/{connectionId}', { params: { path: { connectionId } } })),
    refetchInterval: (q) => (q.state.data && isLive(q.state.data) ? LIVE_MS : false),
  });
}

/** The audit trail as of the connection's `version`: a new decision reloads it at once. */
export function useConnectionEvents(connectionId: string, version: number) {
  return useQuery({
    queryKey: ['connections', connectionId, 'events', version],
    queryFn: () => unwrap(api.GET('/api/v1/connections/{connectionId}/events', { params: { path: { connectionId } } })),
    placeholderData: keepPreviousData,
  });
}

export function useRequestConnection(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['RequestConnectionDto']) =>
      unwrap(api.POST('/api/v1/projects/{projectId}/connections', { params: { path: { projectId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['connections'] }),
  });
}

type Action = { kind: 'approve' | 'cancel' | 'undo' } | { kind: 'reject'; reason?: string } | { kind: 'disconnect'; acceptTerms: boolean; reason: string };

/** Approve, Reject, Cancel, Disconnect, Undo: each answers with the connection as it now is. */
export function useConnectionAction(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: Action) => {
      const params = { path: { connectionId } };
      switch (action.kind) {
        case 'approve':
          return unwrap(api.POST('/api/v1/connections/{connectionId}/approve', { params }));
        case 'cancel':
          return unwrap(api.POST('/api/v1/connections/{connectionId}/cancel', { params }));
        case 'undo':
          return unwrap(api.POST('/api/v1/connections/{connectionId}/undo', { params }));
        case 'reject':
          return unwrap(api.POST('/api/v1/connections/{connectionId}/reject', { params, body: { reason: action.reason } }));
        case 'disconnect':
          return unwrap(
            api.POST('/api/v1/connections/{connectionId}/disconnect', { params, body: { acceptTerms: action.acceptTerms, reason: action.reason } }),
          );
      }
    },
    onSuccess: (connection) => {
      queryClient.setQueryData(['connections', connectionId], connection);
      return queryClient.invalidateQueries({ queryKey: ['connections'] });
    },
  });
}

export function useConnectionSettings(projectId: string) {
  return useQuery({
    queryKey: ['connection-settings', projectId],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/connection-settings', { params: { path: { projectId } } })),
  });
}

export function useSaveConnectionSettings(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (distributionList: string[]) =>
      unwrap(api.PUT('/api/v1/projects/{projectId}/connection-settings', { params: { path: { projectId } }, body: { distributionList } })),
    onSuccess: (settings) => queryClient.setQueryData(['connection-settings', projectId], settings),
  });
}
