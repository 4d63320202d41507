/** An error Hocuspocus turns into a websocket close with this code and reason. */
export function closeWith(close: { code: number; reason: string }, detail?: string): Error {
  return Object.assign(new Error(detail ? `${close.reason}: ${detail}` : close.reason), close)
}
