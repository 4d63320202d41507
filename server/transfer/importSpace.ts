import { randomBytes } from 'node:crypto'
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import type { ApiImportProgress, ApiImportReport } from '../../shared/transferTypes.ts'
import { attachmentUrl } from '../../shared/attachmentUrl.ts'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { storeAttachment } from '../attachments/storeAttachment.ts'
import { normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import type { Actor } from '../core/Actor.ts'
import { conflict, unauthenticated } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { bindClientIds, writeCompactedState } from '../documents/documentQueries.ts'
import { indexDocument } from '../documents/indexDocument.ts'
import { cutRevision } from '../history/cutRevision.ts'
import { listAliasKeys, upsertAlias } from '../links/aliasQueries.ts'
import { insertPage, listPages } from '../pages/pageQueries.ts'
import { lockSpaceTree } from '../pages/pageTreeQueries.ts'
import { authorizeSpace } from '../policies/authorize.ts'
import { folderTree } from './folderTree.ts'
import { fromMarkdown } from './fromMarkdown.ts'
import { assetLookup, prepareAssets } from './importAssets.ts'
import { manifestTree } from './manifestTree.ts'
import { planImport, type PlannedPage } from './planImport.ts'
import { readArchive } from './readArchive.ts'
import { sourceTexts } from './sourceTexts.ts'

/**
 * Imports a zip of Markdown files into a space (editors only): one page per file, in one
 * transaction — the archive is refused as a whole (400) or every page it yields is created.
 * Each page's text is attributed to the importer and its history starts with a revision
 * "Imported from <file>". Resolves to the report: what was imported, renamed, skipped and why;
 * `onProgress` hears of each page created, then of each indexed.
 */
export async function importSpace(
  services: Services, actor: Actor, spaceId: string, zip: Uint8Array, onProgress: (progress: ApiImportProgress) => void = () => {},
): Promise<ApiImportReport> {
  const { space } = await authorizeSpace(services.db, actor, spaceId, 'edit')
  const userId = actor.userId
  if (!userId) throw unauthenticated()
  const archive = readArchive(zip)
  // Footnotes naming one of the space's sources (as formatted in its style) cite it; others become notes.
  const sources = await sourceTexts(services.db, space.id)
  // Images and files the pages show, checked as uploads are, before the transaction.
  const { maxUploadBytes, quotaBytes } = services.config.attachments
  const assets = await prepareAssets(archive.markdown, archive.assets, maxUploadBytes)
  const assetPathOf = assetLookup(archive.assets.keys())
  const created = await services.db.transaction(async (tx) => {
    await lockSpaceTree(tx, space.id)
    const taken = new Set((await listPages(tx, space.id)).map((page) => normalizeTitle(page.title)))
    const aliasKeys = await listAliasKeys(tx, space.id)
    // A space export's pages go back under their parents, in their order (manifest.json); any other
    // archive's folders become the tree, a folder without a note of its own an empty page.
    const manifest = manifestTree(archive.manifest)
    const folders = manifest.size === 0 ? folderTree(archive.markdown.map((file) => file.path)) : null
    const plan = planImport([...archive.markdown, ...(folders?.folders ?? []).map((folder) => ({ path: `${folder}/`, text: '' }))], taken)
    const byOriginal = new Map(plan.pages.map((page) => [normalizeTitle(page.renamedFrom ?? page.title), page]))
    const byPath = new Map(plan.pages.map((page) => [page.path, page]))
    const placeOf = (page: PlannedPage): { parent: PlannedPage | undefined; position: number } => {
      if (folders) {
        const place = folders.tree.get(page.path)
        return { parent: place?.parent ? byPath.get(place.parent) : undefined, position: place?.position ?? 0 }
      }
      const place = manifest.get(page.path)
      return { parent: place?.parent ? byOriginal.get(normalizeTitle(place.parent)) : undefined, position: place?.position ?? 0 }
    }
    // Parents first (by depth), siblings in their order.
    const depth = (page: PlannedPage, seen = new Set<PlannedPage>()): number => {
      const above = placeOf(page).parent
      if (!above || seen.has(above)) return 0
      seen.add(page)
      return 1 + depth(above, seen)
    }
    const ordered = plan.pages.map((page) => ({ page, depth: depth(page), position: placeOf(page).position }))
      .sort((a, b) => a.depth - b.depth || a.position - b.position)
    const idOf = new Map<PlannedPage, string>()
    const pages = []
    for (const { page: planned } of ordered) {
      let content
      const attachmentIds = new Map<string, string>()
      const resolveAsset = (href: string) => {
        const path = assetPathOf(planned.path, href)
        const asset = path ? assets.ready.get(path) : undefined
        if (!path || !asset) return null
        const id = attachmentIds.get(path) ?? randomBytes(24).toString('base64url')
        attachmentIds.set(path, id)
        return { src: attachmentUrl(id), kind: asset.prepared.kind, size: asset.size, contentType: asset.prepared.contentType }
      }
      try {
        content = fromMarkdown(planned.body, { resolveLink: plan.resolverFor(planned.path), sources, resolveAsset })
      } catch (error) {
        plan.skipped.push({ file: planned.path, reason: `Could not be read as Markdown (${error instanceof Error ? error.message : 'unknown error'}).` })
        continue
      }
      const parent = placeOf(planned).parent
      const row = await insertPage(tx, {
        spaceId: space.id, title: planned.title, titleKey: normalizeTitle(planned.title), slug: slugify(planned.title) || 'page',
        createdBy: userId, createdAt: planned.createdAt ?? undefined, parentId: (parent && idOf.get(parent)) ?? null,
      })
      // The tree lock keeps titles from changing under the plan; a clash here is a bug, and rolls everything back.
      if (!row) throw conflict(`A page titled “${planned.title}” appeared during the import; nothing was imported.`, 'title_taken')
      idOf.set(planned, row.id)
      for (const [path, id] of attachmentIds) {
        const asset = assets.ready.get(path)!
        const { kind, contentType, width, height, blobs } = asset.prepared
        await storeAttachment(tx, {
          id, pageId: row.id, spaceId: space.id, name: asset.name, kind, contentType, width, height, createdAt: new Date(),
          sourceSha256: asset.sha256, createdBy: userId,
        }, blobs, quotaBytes)
      }
      const doc = new Y.Doc({ gc: false })
      prosemirrorToYXmlFragment(content, doc.getXmlFragment(CONTENT_FIELD))
      await writeCompactedState(tx, row.id, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), [])
      await bindClientIds(tx, row.id, [doc.clientID], userId)
      for (const alias of planned.aliases) {
        const key = normalizeTitle(alias)
        if (taken.has(key) || aliasKeys.has(key)) continue
        aliasKeys.add(key)
        await upsertAlias(tx, { spaceId: space.id, titleKey: key, title: alias, pageId: row.id })
      }
      pages.push({ planned, row, doc })
      onProgress({ stage: 'pages', done: pages.length, total: ordered.length })
    }
    return { pages, skipped: plan.skipped }
  }).finally(() => assets.discard())

  // Derived data (links, search) and first revisions, once the pages are committed, as the seed does.
  let indexed = 0
  for (const { planned, row, doc } of created.pages) {
    services.events.emit('pageCreated', { pageId: row.id, spaceId: space.id, title: row.title })
    await indexDocument(services, row.id, doc)
    await cutRevision(services, row.id, doc, {
      kind: 'seed', summary: `Imported from ${planned.path}`, createdBy: userId, startedAt: new Date(), editors: [userId], deletions: new Map(),
    })
    doc.destroy()
    onProgress({ stage: 'indexing', done: indexed += 1, total: created.pages.length })
  }
  return {
    imported: created.pages.map(({ planned, row }) => ({ file: planned.path, pageId: row.id, title: row.title })),
    renamed: created.pages.filter(({ planned }) => planned.renamedFrom !== null)
      .map(({ planned, row }) => ({ file: planned.path, from: planned.renamedFrom!, to: row.title })),
    skipped: [...archive.skipped, ...assets.skipped, ...created.skipped],
  }
}
