/**
 * The console's only way to the service: the public /v1 API on this origin, with the key the person
 * entered (sessionStorage only: gone when the tab closes, never in a URL) as a bearer token, and the
 * browser's language so that error messages come back in zh or en.
 */
const KEY_STORAGE = 'pps.console.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

/** An error answer of the API (its envelope), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly decisionId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function acceptLanguage(): string {
  return navigator.languages?.length ? navigator.languages.join(',') : navigator.language || 'en';
}

type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; query?: Query; key?: string } = {},
): Promise<T> {
  const key = options.key ?? storedKey();
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': acceptLanguage() };
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `The service did not answer (${e instanceof Error ? e.message : String(e)})`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const envelope = (body ?? {}) as {
      error_code?: string;
      error_msg?: string;
      details?: unknown;
      decision_id?: string;
    };
    throw new ApiError(
      response.status,
      envelope.error_code ?? `HTTP ${response.status}`,
      envelope.error_msg ?? (text.slice(0, 200) || response.statusText),
      envelope.details,
      envelope.decision_id,
    );
  }
  return body as T;
}
