import type { ApiAnnotatedNode, ApiMark, ChangeStatus } from '../../shared/historyTypes.ts'
import type { AnnotatedNode, FormatAttributes, TextPiece } from './annotateDocument.ts'
import { diffWords, type Attribution, type DiffRun } from './diffWords.ts'

// y-prosemirror stores overlapping marks of one type under `name--hash`.
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/u

/** ProseMirror marks of a run, from its Yjs formatting attributes. */
export function marksOf(format: FormatAttributes): ApiMark[] | undefined {
  const marks = Object.entries(format).map(([name, attrs]) => {
    const type = HASHED_MARK.exec(name)?.[1] ?? name
    return attrs && typeof attrs === 'object' && Object.keys(attrs).length > 0 ? { type, attrs: attrs as Record<string, unknown> } : { type }
  })
  return marks.length > 0 ? marks : undefined
}

function statusOf(node: { before: boolean; after: boolean }): ChangeStatus {
  return node.before && node.after ? 'same' : node.after ? 'added' : 'removed'
}

function presentRun(run: DiffRun): ApiAnnotatedNode {
  const node: ApiAnnotatedNode = { type: 'text', text: run.text, status: run.status, author: run.author, revision: run.revision }
  const marks = marksOf(run.format)
  if (marks) node.marks = marks
  if (run.writtenBy !== undefined) node.writtenBy = run.writtenBy
  if (run.formattedBy !== undefined) node.formattedBy = run.formattedBy
  if (run.copiedFrom !== undefined) node.copiedFrom = run.copiedFrom
  return node
}

/**
 * Turns an annotated document into annotated ProseMirror JSON: elements keep their type and
 * attributes, text becomes runs of one status, author and revision. Text is compared word by
 * word (see diffWords); without an older snapshot every run is `same` (blame). An element
 * made or changed only to restructure kept text is `restructured`, with the restructurer as
 * its author; one a structural edit emptied is left out.
 */
export function presentAnnotated(nodes: AnnotatedNode[], attribution: Attribution): ApiAnnotatedNode[] {
  const out: ApiAnnotatedNode[] = []
  let text: TextPiece[] = []
  const flush = () => {
    if (text.length > 0) out.push(...diffWords(text, attribution).map(presentRun))
    text = []
  }
  for (const node of nodes) {
    if (node.kind === 'text') {
      text.push(node)
      continue
    }
    flush()
    const status = statusOf(node)
    // Emptied by a structural edit (its text moved elsewhere, e.g. joined into the block above): nothing to show here.
    if (status === 'removed' && node.restructured) continue
    const element: ApiAnnotatedNode = { type: node.type, status }
    if (node.restructured || node.attrsChanged || node.receivedAt) element.restructured = true
    if (Object.keys(node.attrs).length > 0) element.attrs = node.attrs
    if (status === 'removed') {
      const removal = attribution.removal(node)
      element.author = removal.by
      element.revision = removal.revision
    } else if (node.attrsChanged) {
      element.author = attribution.writer(node.attrsChanged)
      element.revision = attribution.introducedIn(node.attrsChanged)
    } else if (node.receivedAt) {
      // Kept, but text was joined into it: the joiner restructured it.
      element.author = attribution.maker?.(node.receivedAt) ?? attribution.writer(node)
      element.revision = attribution.introducedIn(node)
    } else {
      element.author = attribution.writer(node)
      element.revision = attribution.introducedIn(node)
    }
    if (node.children.length > 0) element.content = presentAnnotated(node.children, attribution)
    out.push(element)
  }
  flush()
  return out
}
