import { z } from 'zod'
import { SPACE_EXPORT_FORMAT } from './exportSpace.ts'

const manifestSchema = z.object({
  format: z.literal(SPACE_EXPORT_FORMAT.format),
  version: z.literal(SPACE_EXPORT_FORMAT.version),
  pages: z.array(z.object({ file: z.string(), parent: z.string().nullable().default(null), position: z.number().int().default(0) })).max(100_000),
})

/** Where each file of a space export sat in the page tree: its parent's title and its place among its siblings. */
export type ManifestTree = Map<string, { parent: string | null; position: number }>

/** The page tree a space export's manifest records; empty for any other archive or a manifest that does not parse. */
export function manifestTree(manifest: string | null): ManifestTree {
  if (!manifest) return new Map()
  let data: unknown
  try { data = JSON.parse(manifest) } catch { return new Map() }
  const parsed = manifestSchema.safeParse(data)
  if (!parsed.success) return new Map()
  return new Map(parsed.data.pages.map((page) => [page.file, { parent: page.parent, position: page.position }]))
}
