import { posix } from 'node:path'
import { cleanTitle, MAX_TITLE_LENGTH, normalizeTitle, titleProblem } from '../../shared/wikiTitle.ts'
import { splitFrontMatter } from './frontMatter.ts'
import type { SkippedFile } from './readArchive.ts'
import type { LinkResolver } from './wikiLinkPlugin.ts'

/** A Markdown file of an archive, ready to become a page. */
export interface PlannedPage {
  path: string
  title: string
  /** The title the file asked for, when a clash made it take another. */
  renamedFrom: string | null
  body: string
  aliases: string[]
  createdAt: Date | null
}

/** The pages an archive becomes and how links between its files resolve. */
export interface ImportPlan {
  pages: PlannedPage[]
  skipped: SkippedFile[]
  /** Resolves links written in the file at `path`. */
  resolverFor: (path: string) => LinkResolver
}

const MARKDOWN_EXTENSION = /\.(md|markdown)$/iu

/**
 * Decides each file's title — front matter `title`, else a leading `# Heading` (taken out
 * of the body), else the file name — renaming clashes with `taken` (title keys already used
 * in the space) and with each other to "Title (2)", … Links between the files resolve to the
 * final titles: `[[Original title]]`, `[[path/Note]]`, `[text](other.md)`.
 */
export function planImport(files: { path: string; text: string }[], taken: Set<string>): ImportPlan {
  const pages: PlannedPage[] = []
  const skipped: SkippedFile[] = []
  const byOriginalKey = new Map<string, string>()
  const byPath = new Map<string, string>()
  const byBaseName = new Map<string, string>()
  for (const file of files) {
    const { data, body: rawBody } = splitFrontMatter(file.text)
    const fileTitle = cleanTitle(posix.basename(file.path).replace(MARKDOWN_EXTENSION, ''))
    let body = rawBody
    let wanted: string | null = typeof data.title === 'string' ? cleanTitle(data.title) : null
    if (wanted === null || titleProblem(wanted)) {
      const heading = /^\s*# +(.+?)\s*#*\s*(?:\r?\n|$)/u.exec(rawBody)
      if (heading && !titleProblem(heading[1])) {
        wanted = cleanTitle(heading[1])
        body = rawBody.slice(heading[0].length)
      } else {
        wanted = fileTitle
      }
    }
    if (titleProblem(wanted)) {
      skipped.push({ file: file.path, reason: `No usable title: ${titleProblem(wanted)}` })
      continue
    }
    const title = freeTitle(wanted, taken)
    taken.add(normalizeTitle(title))
    pages.push({
      path: file.path, title, renamedFrom: title === wanted ? null : wanted, body,
      aliases: stringList(data.aliases ?? data.alias), createdAt: dateOf(data.created ?? data.date),
    })
    if (!byOriginalKey.has(normalizeTitle(wanted))) byOriginalKey.set(normalizeTitle(wanted), title)
    byPath.set(file.path.replace(MARKDOWN_EXTENSION, '').toLowerCase(), title)
    const base = fileTitle.toLowerCase()
    if (!byBaseName.has(base)) byBaseName.set(base, title)
  }

  const resolverFor = (path: string): LinkResolver => (href) => {
    let target = href
    try { target = decodeURIComponent(href) } catch { /* keep it as written */ }
    target = target.replace(/[#?].*$/u, '').trim()
    const isFile = MARKDOWN_EXTENSION.test(target)
    const stem = target.replace(MARKDOWN_EXTENSION, '')
    const relative = posix.normalize(posix.join(posix.dirname(path), stem)).toLowerCase()
    const found = byPath.get(relative) ?? byPath.get(stem.toLowerCase())
      ?? (isFile ? undefined : byOriginalKey.get(normalizeTitle(stem)))
      ?? byBaseName.get(cleanTitle(posix.basename(stem)).toLowerCase())
    if (found) return found
    // A link to a Markdown file the archive does not hold: a red link to its name.
    return isFile && !titleProblem(posix.basename(stem)) ? cleanTitle(posix.basename(stem)) : null
  }
  return { pages, skipped, resolverFor }
}

/** `title`, or the first of "title (2)", "title (3)"… whose key is not taken. */
function freeTitle(title: string, taken: Set<string>): string {
  if (!taken.has(normalizeTitle(title))) return title
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`
    const candidate = `${title.slice(0, MAX_TITLE_LENGTH - suffix.length)}${suffix}`
    if (!taken.has(normalizeTitle(candidate))) return candidate
  }
}

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  return list.filter((item): item is string => typeof item === 'string').map(cleanTitle).filter((item) => !titleProblem(item))
}

function dateOf(value: unknown): Date | null {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null
  return date && !Number.isNaN(date.getTime()) && date.getTime() <= Date.now() ? date : null
}
