import { shallowRef, type Ref, type ShallowRef } from 'vue'

/** One thing wrong with a request's field, as the server lists them for a 400. */
export interface ApiProblem {
  field: string
  message: string
}

/** An API failure: the HTTP status and the server's stable error id (or a client-side one). */
export class ApiError extends Error {
  readonly status: number
  readonly id: string
  /** Every problem the server found (a 400 may list several); empty when it gave none. */
  readonly problems: ApiProblem[]

  constructor(status: number, id: string, message: string, problems: ApiProblem[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.id = id
    this.problems = problems
  }
}

/** Options for `fetchJson`: a method and an optional JSON body. */
export interface FetchJsonOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
  /** Called with the response's headers before the body is read (e.g. a paged list's `Link`). */
  onHeaders?: (headers: Headers) => void
}

/**
 * Calls the JSON API on the same origin. Mutating requests always carry
 * `Content-Type: application/json` (the server's CSRF check relies on it). Resolves with the
 * parsed body (`undefined` for 204) or rejects with an `ApiError`.
 */
export async function fetchJson<T>(path: string, options: FetchJsonOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET') headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.')
  }
  options.onHeaders?.(response.headers)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { id?: string, message?: string, problems?: unknown } } | undefined)?.error
    const problems = Array.isArray(error?.problems) ? (error.problems as ApiProblem[]).filter((p) => typeof p?.message === 'string') : []
    throw new ApiError(response.status, error?.id ?? `http_${response.status}`, error?.message ?? defaultMessage(response.status), problems)
  }
  return data as T
}

/** A sentence for a status the server did not explain. */
function defaultMessage(status: number): string {
  if (status === 401) return 'You need to sign in to see this.'
  if (status === 403) return 'You do not have access to this.'
  if (status === 404) return 'This could not be found.'
  if (status >= 500) return 'The server had a problem. Try again in a moment.'
  return `The request failed (HTTP ${status}).`
}

/** Where a request stands; views render each state, never a blank page. */
export type RequestStatus = 'idle' | 'loading' | 'ready' | 'error'

/** A request's data with its `status` and `error`, plus `run` to (re)load it. */
export interface Request<T> {
  data: ShallowRef<T | null>
  status: Ref<RequestStatus>
  error: ShallowRef<ApiError | null>
  run: () => Promise<T | null>
}

/**
 * Wraps an async loader in `data` / `status` / `error` refs. A newer `run` wins over an older
 * one still in flight, so fast route changes never show stale data.
 */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>): Request<T> {
  const data = shallowRef<T | null>(null)
  const status = shallowRef<RequestStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  let current: AbortController | null = null

  async function run(): Promise<T | null> {
    current?.abort()
    const controller = new AbortController()
    current = controller
    status.value = 'loading'
    error.value = null
    try {
      const result = await load(controller.signal)
      if (current !== controller) return null
      data.value = result
      status.value = 'ready'
      return result
    } catch (cause) {
      if (current !== controller) return null
      error.value = toApiError(cause)
      status.value = 'error'
      return null
    }
  }

  return { data, status, error, run }
}

/** Turns anything thrown into an `ApiError` so views have one shape to show. */
export function toApiError(cause: unknown): ApiError {
  if (cause instanceof ApiError) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError(0, 'client', message || 'Something went wrong.')
}
