import { find } from 'linkifyjs'
import { findMentions } from '../shared/mentions.ts'

/** A piece of a comment as shown: text, a mention, a wiki link or a web link. */
export type CommentSegment =
  | { kind: 'text', text: string }
  | { kind: 'mention', text: string }
  | { kind: 'wiki', text: string, title: string }
  | { kind: 'web', text: string, href: string }

const WIKI = /\[\[([^[\]\n|]{1,255})(?:\|([^[\]\n]{1,255}))?\]\]/gu

/**
 * Splits a comment's plain text into what the panel renders: `[[Title]]` (or `[[Title|label]]`)
 * wiki links, web links (found by linkifyjs; http and https only) and `@name` mentions. Nothing
 * else is markup: the rest shows as typed.
 */
export function commentSegments(body: string): CommentSegment[] {
  const marks: { start: number, end: number, segment: CommentSegment }[] = []
  for (const match of body.matchAll(WIKI)) {
    const title = match[1]!.trim()
    if (title) marks.push({ start: match.index, end: match.index + match[0].length, segment: { kind: 'wiki', title, text: (match[2] ?? match[1]!).trim() } })
  }
  for (const link of find(body, 'url')) {
    if (!/^https?:\/\//iu.test(link.href)) continue
    marks.push({ start: link.start, end: link.end, segment: { kind: 'web', text: link.value, href: link.href } })
  }
  const names = new Set(findMentions(body).map((n) => n.toLowerCase()))
  for (const match of body.matchAll(/(?<![\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]{1,30}[\p{L}\p{M}\p{N}])/gu)) {
    if (names.has(match[1]!.toLowerCase())) marks.push({ start: match.index, end: match.index + match[0].length, segment: { kind: 'mention', text: match[0] } })
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end)
  const segments: CommentSegment[] = []
  let at = 0
  for (const mark of marks) {
    if (mark.start < at) continue
    if (mark.start > at) segments.push({ kind: 'text', text: body.slice(at, mark.start) })
    segments.push(mark.segment)
    at = mark.end
  }
  if (at < body.length) segments.push({ kind: 'text', text: body.slice(at) })
  return segments
}
