import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/schema';

/** The gateway's DTOs, generated from its OpenAPI document (never written by hand). */
export type Schemas = components['schemas'];
export type ApiPaths = paths;

/** A refusal of the API: `{statusCode, code, message, details?}` with a stable code (API.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const b = (body ?? {}) as Partial<Schemas['ErrorResponseDto']>;
    return new ApiError(
      status,
      typeof b.code === 'string' ? b.code : `HTTP_${status}`,
      typeof b.message === 'string' ? b.message : `The server answered ${status}`,
      b.details,
    );
  }
}

let token: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** The session's token, set by the session (features/auth); every request carries it. */
export function setApiToken(value: string | null, whenRefused: () => void = () => undefined): void {
  token = value;
  onUnauthenticated = whenRefused;
}

export function authorizationHeader(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && token) onUnauthenticated();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? 'http://localhost' });
api.use(auth);

/** The data of an answer, or its refusal thrown as an ApiError (for TanStack Query). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.from(response.status, error);
  return data as T;
}
