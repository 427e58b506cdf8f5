import type { ReactNode } from 'react';
import { refusalText } from '../lib/refusals';
import { Alert } from './Alert';

/** Loading and refusal states of a query, in words; children once there is data. */
export function QueryState<T>({
  query,
  children,
  label,
}: {
  query: { data?: T; isPending: boolean; error: unknown };
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <Alert>{refusalText(query.error)}</Alert>;
  if (query.isPending || query.data === undefined) return <p className="muted">Loading {label}…</p>;
  return <>{children(query.data)}</>;
}
