import type { Duplex } from 'node:stream'

/**
 * Node refuses some requests before the app sees them (headers over its 16 KB limit, a request
 * it cannot parse): answer those in the API's error format too (`{ error: { id, message } }`),
 * rather than with Node's bare status line.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
  const body = JSON.stringify({
    error: tooLarge
      ? { id: 'headers_too_large', message: 'The request’s address or headers are too large.' }
      : { id: 'malformed_request', message: 'The request could not be read.' },
  })
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}
