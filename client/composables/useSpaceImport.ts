import { shallowRef } from 'vue'
import type { ApiImportEvent, ApiImportProgress, ApiImportReport } from '../../shared/transferTypes.ts'

/** Where an import stands: sending the zip (with progress), the server importing it, done, failed. */
export type ImportStatus = 'idle' | 'uploading' | 'importing' | 'done' | 'error'

/** The events among the complete lines of a stream's text so far. */
function eventsIn(text: string): ApiImportEvent[] {
  return text.split('\n').slice(0, -1).flatMap((line) => {
    try { return [JSON.parse(line) as ApiImportEvent] } catch { return [] }
  })
}

/**
 * Imports a zip of Markdown files into a space: uploads it with progress (XMLHttpRequest, as
 * fetch reports none for uploads), follows the server's progress (pages created, then indexed:
 * a stream of JSON lines), then shows its report or its error as state.
 */
export function useSpaceImport() {
  const status = shallowRef<ImportStatus>('idle')
  /** Share of the zip sent, 0 to 1. */
  const progress = shallowRef(0)
  /** The server's progress once the zip is sent: pages created, then indexed. */
  const importProgress = shallowRef<ApiImportProgress | null>(null)
  const report = shallowRef<ApiImportReport | null>(null)
  const error = shallowRef<string | null>(null)
  let request: XMLHttpRequest | null = null

  function start(spaceId: string, file: File): Promise<void> {
    request?.abort()
    status.value = 'uploading'
    progress.value = 0
    importProgress.value = null
    report.value = null
    error.value = null
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest()
      request = xhr
      const fail = (message: string) => {
        if (request !== xhr) return resolve()
        status.value = 'error'
        error.value = message
        resolve()
      }
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) progress.value = event.loaded / event.total
      }
      xhr.upload.onload = () => {
        progress.value = 1
        if (request === xhr) status.value = 'importing'
      }
      xhr.onerror = () => fail('The server could not be reached. Check your connection and try again.')
      xhr.onprogress = () => {
        if (request !== xhr || !streamed()) return
        const last = eventsIn(xhr.responseText).filter((event) => 'progress' in event).at(-1)
        if (last && 'progress' in last) importProgress.value = last.progress
      }
      const streamed = () => (xhr.getResponseHeader('Content-Type') ?? '').startsWith('application/x-ndjson')
      xhr.onload = () => {
        let body: unknown = null
        if (xhr.status === 200 && streamed()) {
          const end = eventsIn(xhr.responseText).find((event) => 'report' in event || 'error' in event)
          if (!end) return fail('The import stopped before the server said how it ended; reload the space to see what it holds.')
          if ('error' in end) return fail(end.error.message)
          body = 'report' in end ? end.report : null
        } else {
          try { body = JSON.parse(xhr.responseText) } catch { /* not JSON */ }
        }
        if (xhr.status !== 200) {
          const message = (body as { error?: { message?: string } } | null)?.error?.message
          return fail(message ?? `The import failed (HTTP ${xhr.status}).`)
        }
        if (request !== xhr) return resolve()
        report.value = body as ApiImportReport
        status.value = 'done'
        resolve()
      }
      xhr.open('POST', `/api/spaces/${encodeURIComponent(spaceId)}/import`)
      xhr.setRequestHeader('Content-Type', 'application/zip')
      xhr.setRequestHeader('Accept', 'application/x-ndjson, application/json')
      xhr.send(file)
    })
  }

  function reset() {
    request?.abort()
    request = null
    status.value = 'idle'
    progress.value = 0
    importProgress.value = null
    report.value = null
    error.value = null
  }

  return { status, progress, importProgress, report, error, start, reset }
}
