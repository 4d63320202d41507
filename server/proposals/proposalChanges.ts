import type { BranchToken } from '../internals/walkBranch.ts'
import { addDeletion, type DeletionRanges } from '../history/deletionRanges.ts'

/** One change a proposal makes, word by word: what the words were at the fork and what they are in the proposal. */
export interface ProposalChange {
  /** Stable while the proposal does not change: the Yjs id of its first changed item. */
  id: string
  /** The words as they were (with the rest of the words it touches). */
  before: string
  /** The words as the proposal has them. */
  after: string
  /** Only formatting changed (bold, a link…), not the words. */
  formatOnly: boolean
  /** Items the change adds: deleted again when it is rejected. */
  added: DeletionRanges
  /** Items the change removes: kept when it is rejected. */
  removed: DeletionRanges
  /** An attribute-only change (a heading's level): the block's id and the attribute's key. */
  attribute?: { element: { client: number; clock: number }; key: string }
}

const SPACE = /\s/u

function state(token: BranchToken): 'kept' | 'added' | 'removed' {
  if (token.atFork && token.now) return 'kept'
  return token.now ? 'added' : 'removed'
}

/** Whether kept text between two changed tokens separates words (so they are two changes). */
function separates(token: BranchToken): boolean {
  return token.kind === 'element' || (token.kind === 'text' && SPACE.test(token.text))
}

/** How a token reads in running text on one side: text as is, elements as line breaks. */
function textOf(token: BranchToken): string {
  if (token.kind === 'text') return token.text
  return token.kind === 'element' && token.end ? '\n' : ''
}

/**
 * The proposal's own changes, from its branch read in document order (walkBranch): runs of
 * added and removed items grouped by word — changed items with no space or block boundary
 * between them are one change — each with its words before and after, for the reviewer.
 */
export function proposalChanges(tokens: BranchToken[]): ProposalChange[] {
  const groups: { first: number; last: number }[] = []
  let open: { first: number; last: number } | null = null
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    const s = state(token)
    if (s === 'kept') {
      if (open && separates(token)) open = null
      continue
    }
    if (token.end) continue
    if (open) open.last = i
    else groups.push((open = { first: i, last: i }))
  }
  return groups.map(({ first, last }) => describe(tokens, first, last))
}

function describe(tokens: BranchToken[], first: number, last: number): ProposalChange {
  let before = ''
  let after = ''
  const added: DeletionRanges = new Map()
  const removed: DeletionRanges = new Map()
  for (let i = first; i <= last; i++) {
    const token = tokens[i]
    const s = state(token)
    if (token.atFork) before += textOf(token)
    if (token.now) after += textOf(token)
    if (token.end || s === 'kept') continue
    if (s === 'added') addDeletion(added, token.client, token.clock, token.length)
    else if (token.subtree) for (const [client, list] of token.subtree) for (const [clock, len] of list) addDeletion(removed, client, clock, len)
    else addDeletion(removed, token.client, token.clock, token.length)
  }
  const prefix = wordEdge(tokens, first - 1, -1)
  const suffix = wordEdge(tokens, last + 1, 1)
  const formatOnly = before === after
  return { id: `${tokens[first].client}-${tokens[first].clock}`, before: prefix + before + suffix, after: prefix + after + suffix, formatOnly, added, removed }
}

/** The rest of the word a change starts or ends inside of: kept text up to a space or a block boundary. */
function wordEdge(tokens: BranchToken[], from: number, step: 1 | -1): string {
  let edge = ''
  for (let i = from; i >= 0 && i < tokens.length; i += step) {
    const token = tokens[i]
    if (token.kind === 'element' || state(token) !== 'kept') break
    if (token.kind !== 'text') continue
    const match = step === -1 ? /\S*$/u.exec(token.text)! : /^\S*/u.exec(token.text)!
    edge = step === -1 ? match[0] + edge : edge + match[0]
    if (match[0].length < token.text.length) break
  }
  return edge
}
