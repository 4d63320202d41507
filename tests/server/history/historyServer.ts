import * as Y from 'yjs'
import { features as allFeatures } from '../../../server/features.ts'
import { historyFeature, isHistoryFeature } from '../../../server/features/historyFeature.ts'
import type { RevisionOptions } from '../../../server/history/revisionOptions.ts'
import type { ApiAnnotatedNode, ApiBlame, ApiRevision } from '../../../shared/historyTypes.ts'
import { api } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/startTestServer.ts'

/**
 * A real server running every feature, with the history feature's burst thresholds set by the
 * test (by default long enough never to fire, so only leaving and naming cut revisions).
 */
export function startHistoryServer(options: Partial<RevisionOptions> & TestServerOptions = {}): Promise<TestServer> {
  const { idleMs = 600_000, maxBurstMs = 3_600_000, ...serverOptions } = options
  const features = allFeatures().map((f) => (isHistoryFeature(f) ? historyFeature({ idleMs, maxBurstMs }) : f))
  return startTestServer({ ...serverOptions, features })
}

/** The page's revisions, newest first (fails the test on an error answer). */
export async function revisionsOf(baseUrl: string, pageId: string, token?: string): Promise<ApiRevision[]> {
  const answer = await api<ApiRevision[]>(baseUrl, 'GET', `/api/pages/${pageId}/revisions`, { token })
  if (answer.status !== 200) throw new Error(`revisions: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Waits until the page has `count` revisions and returns them, newest first. */
export function waitForRevisions(baseUrl: string, pageId: string, count: number, token?: string): Promise<ApiRevision[]> {
  return waitFor(async () => {
    const list = await revisionsOf(baseUrl, pageId, token)
    return list.length >= count ? list : null
  }, `${count} revisions of the page`, 30_000)
}

/** The first paragraph's text of a provider's document, for editing it in place. */
export function firstText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment('default')
  return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText
}

/** Every text run of annotated content, flattened. */
export function textRuns(nodes: ApiAnnotatedNode[], into: ApiAnnotatedNode[] = []): ApiAnnotatedNode[] {
  for (const node of nodes) {
    if (node.type === 'text') into.push(node)
    else if (node.content) textRuns(node.content, into)
  }
  return into
}

/** The page's blame now: the text each user is credited with, in document order. */
export async function blameByAuthor(baseUrl: string, pageId: string, token: string): Promise<Map<string | null | undefined, string>> {
  const answer = await api<ApiBlame>(baseUrl, 'GET', `/api/pages/${pageId}/blame`, { token })
  if (answer.status !== 200) throw new Error(`blame: ${answer.status} ${JSON.stringify(answer.body)}`)
  const by = new Map<string | null | undefined, string>()
  for (const run of textRuns(answer.body.content)) by.set(run.author, (by.get(run.author) ?? '') + run.text)
  return by
}
