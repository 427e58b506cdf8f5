import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';

export type Drawing = Schemas['DrawingDto'];
export type Revision = Schemas['RevisionDto'];
export type Markup = Schemas['MarkupDto'];

const path = (projectId: string) => ({ path: { projectId } });

export function useAreas(projectId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'areas'],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/drawing-areas', { params: { ...path(projectId), query: { limit: 200 } } })),
  });
}

export function useDisciplines(projectId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'disciplines'],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/drawing-disciplines', { params: { ...path(projectId), query: { limit: 200 } } })),
  });
}

export function useSets(projectId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'sets'],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/drawing-sets', { params: { ...path(projectId), query: { limit: 200 } } })),
  });
}

/** The register: published drawings, optionally of one area; polled, since connected copies arrive by themselves. */
export function useRegister(projectId: string, areaId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'register', areaId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/projects/{projectId}/drawings', { params: { ...path(projectId), query: { limit: 200, ...(areaId ? { areaId } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
}

/** Unpublished revisions awaiting review (Drawings admins, D1); copies from the upstream arrive here (S1). */
export function useReviewQueue(projectId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'review'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/projects/{projectId}/drawing-revisions', { params: { ...path(projectId), query: { limit: 200, published: false } } })),
    refetchInterval: 3000,
  });
}

export function usePublish(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (revisionIds: string[]) =>
      unwrap(api.POST('/api/v1/projects/{projectId}/drawing-revisions/publish', { params: path(projectId), body: { revisionIds } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['drawings', projectId] }),
  });
}

export function useRevision(projectId: string, revisionId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'revision', revisionId],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/drawing-revisions/{revisionId}', { params: { path: { projectId, revisionId } } })),
  });
}

export function useMarkups(projectId: string, revisionId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'markups', revisionId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/drawing-revisions/{revisionId}/markups', { params: { path: { projectId, revisionId }, query: { limit: 200 } } }),
      ),
  });
}

export function useAddMarkup(projectId: string, revisionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateMarkupDto']) =>
      unwrap(api.POST('/api/v1/projects/{projectId}/drawing-revisions/{revisionId}/markups', { params: { path: { projectId, revisionId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['drawings', projectId, 'markups', revisionId] }),
  });
}

export function useDeletedRevisions(projectId: string) {
  return useQuery({
    queryKey: ['drawings', projectId, 'deleted'],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{projectId}/reports/deleted-drawing-revisions', { params: { ...path(projectId), query: { limit: 200 } } })),
  });
}

export function useCreateArea(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateAreaDto']) => unwrap(api.POST('/api/v1/projects/{projectId}/drawing-areas', { params: path(projectId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['drawings', projectId, 'areas'] }),
  });
}

export function useCreateDiscipline(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateDisciplineDto']) =>
      unwrap(api.POST('/api/v1/projects/{projectId}/drawing-disciplines', { params: path(projectId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['drawings', projectId, 'disciplines'] }),
  });
}

export function useCreateSet(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateSetDto']) => unwrap(api.POST('/api/v1/projects/{projectId}/drawing-sets', { params: path(projectId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['drawings', projectId, 'sets'] }),
  });
}
