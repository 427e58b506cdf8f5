import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';

export type Me = Schemas['MeDto'];
export type MyProject = Schemas['MyProjectDto'];

export const meQuery = { queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')), staleTime: 30_000 } as const;

export function useMe() {
  return useQuery(meQuery);
}

/** The signed-in user's membership of a project, or undefined when they are not a member. */
export function useMyProject(projectId: string): { me?: Me; project?: MyProject; isPending: boolean; error: unknown } {
  const { data: me, isPending, error } = useMe();
  return { me, project: me?.projects.find((p) => p.id === projectId), isPending, error };
}
