import type * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { loadPageDocument } from '../history/loadPageDocument.ts'

/**
 * A page's document as it is now: the one open on this instance (kept in step with the
 * others when scaled out), or else the stored state and log, which hold every acknowledged edit.
 * Only read from it.
 */
export async function readLiveDocument(services: Services, pageId: string): Promise<Y.Doc> {
  return services.hocuspocus.documents.get(pageId) ?? loadPageDocument(services, pageId)
}
