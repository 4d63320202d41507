import { AppError } from '../core/AppError.ts'
import type { Logger } from '../core/logger.ts'

/**
 * Answers long work as a stream of JSON lines (`application/x-ndjson`): `{progress}` lines as
 * `run` reports them, then `{report}` with its result or `{error: {id, message}}`. Until the
 * first progress line the answer is an ordinary one: a result is plain JSON and an error is
 * thrown to the app's error handler, with its status; after it, the status is 200 and an
 * error is the last line.
 */
export async function streamProgress<P, R>(
  run: (onProgress: (progress: P) => void) => Promise<R>, logger: Logger, context: Record<string, unknown>,
): Promise<Response> {
  const encoder = new TextEncoder()
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null
  const waiting: string[] = []
  let started = () => {}
  const firstProgress = new Promise<'streaming'>((resolve) => { started = () => resolve('streaming') })
  const send = (event: object) => {
    const line = `${JSON.stringify(event)}\n`
    if (controller) controller.enqueue(encoder.encode(line))
    else waiting.push(line)
  }
  const result = run((progress) => {
    send({ progress })
    started()
  })
  if (await Promise.race([firstProgress, result.then(() => 'done' as const)]) === 'done') return Response.json(await result)
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController
      for (const line of waiting.splice(0)) streamController.enqueue(encoder.encode(line))
      result.then((report) => send({ report }), (error: unknown) => {
        if (error instanceof AppError) return send({ error: { id: error.id, message: error.message } })
        logger.error({ err: error, ...context }, 'streamed request failed')
        send({ error: { id: 'internal', message: 'Something went wrong on the server; it has been logged.' } })
      }).finally(() => streamController.close())
    },
  })
  return new Response(body, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' } })
}
