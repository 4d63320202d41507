/** One thing wrong with a request's field: the field's name and a sentence for people. */
export interface Problem {
  field: string
  message: string
}

/**
 * An error a command throws at its boundary: an HTTP status and a stable id that clients
 * may switch on. The HTTP layer turns it into `{ error: { id, message, problems? } }` in one place.
 */
export class AppError extends Error {
  readonly status: number
  readonly id: string
  /** Every problem found, when there may be several (a form shows them all at once). */
  readonly problems: Problem[] | undefined

  constructor(status: number, id: string, message: string, problems?: Problem[]) {
    super(message)
    this.status = status
    this.id = id
    this.problems = problems
  }
}

/** 400: the request is malformed or a value is unacceptable. */
export const invalidInput = (message: string, id = 'invalid_input', problems?: Problem[]) => new AppError(400, id, message, problems)
/** 401: the caller must sign in. */
export const unauthenticated = (message = 'Sign in to do this.') => new AppError(401, 'unauthenticated', message)
/** 403: the caller is known but may not do this. */
export const forbidden = (message = 'You do not have permission to do this.') => new AppError(403, 'forbidden', message)
/** 404: nothing there, or nothing the caller may know about. */
export const notFound = (what = 'That') => new AppError(404, 'not_found', `${what} was not found.`)
/** 409: the change clashes with what exists. */
export const conflict = (message: string, id = 'conflict') => new AppError(409, id, message)
/** 429: slow down. */
export const tooManyRequests = (message = 'Too many attempts; wait a minute and try again.') => new AppError(429, 'rate_limited', message)
