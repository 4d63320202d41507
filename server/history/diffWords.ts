import type { ChangeStatus } from '../../shared/historyTypes.ts'
import type { FormatAttributes, TextPiece } from './annotateDocument.ts'

/** A Yjs id: the client that wrote something and its clock. */
export interface YjsPosition {
  client: number
  clock: number
}

/** Who wrote and who removed content, resolved from Yjs ids by the caller. */
export interface Attribution {
  writer(at: YjsPosition): string | null
  /** Number of the revision that brought the content in (null: after the last revision). */
  introducedIn(at: YjsPosition): number | null
  /** Who removed the content and in which revision (either may be unknown). */
  removal(at: YjsPosition): { by: string | null; revision: number | null }
  /** Whose text the content is a pasted copy of, if it is one. */
  copiedFrom?(at: YjsPosition): string | null
  /** Who made the item itself (for moved text: who moved it, not who typed it). */
  maker?(at: YjsPosition): string | null
}

/** A run of text in a comparison, attributed. */
export interface DiffRun {
  text: string
  status: ChangeStatus
  format: FormatAttributes
  author: string | null
  /** For removed text: who had written it. */
  writtenBy?: string | null
  revision: number | null
  /** For kept text whose formatting changed: who changed it (null: unknown). */
  formattedBy?: string | null
  /** For a pasted copy of someone's text (still its paster's): whose text it copies. */
  copiedFrom?: string
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u

interface Char {
  ch: string
  piece: TextPiece
}

function statusOf(piece: TextPiece): ChangeStatus {
  return piece.before && piece.after ? 'same' : piece.after ? 'added' : 'removed'
}

/** Splits a run of text into tokens: whole words, and every other character on its own. */
function tokenize(chars: Char[]): Char[][] {
  const tokens: Char[][] = []
  let word: Char[] = []
  for (const c of chars) {
    if (WORD_CHAR.test(c.ch)) {
      word.push(c)
      continue
    }
    if (word.length > 0) tokens.push(word)
    word = []
    tokens.push([c])
  }
  if (word.length > 0) tokens.push(word)
  return tokens
}

/**
 * Compares one run of text word by word. The document says, character by character, what
 * was kept, added and removed; a word with any change is shown whole, as its old form
 * removed and its new form added, so "cat → cot" reads as a changed word, not a changed letter.
 */
export function diffWords(pieces: TextPiece[], attribution: Attribution): DiffRun[] {
  const chars: Char[] = []
  // Text moved away by a structural edit is shown where it went, not struck out here.
  for (const piece of pieces) if (!piece.movedAway) for (const ch of piece.text) chars.push({ ch, piece })
  const runs: DiffRun[] = []
  const push = (run: DiffRun) => {
    const last = runs.at(-1)
    if (last && last.status === run.status && last.author === run.author && last.revision === run.revision
      && last.writtenBy === run.writtenBy && last.formattedBy === run.formattedBy && last.copiedFrom === run.copiedFrom
      && sameFormat(last.format, run.format)) last.text += run.text
    else runs.push(run)
  }
  for (const token of tokenize(chars)) {
    const added = token.find((c) => statusOf(c.piece) === 'added')?.piece
    const removed = token.find((c) => statusOf(c.piece) === 'removed')?.piece
    if (!added && !removed) {
      for (const { ch, piece } of token) {
        const run: DiffRun = { text: ch, status: 'same', format: piece.format, author: attribution.writer(piece), revision: attribution.introducedIn(piece) }
        if (piece.formatChange) run.formattedBy = formatter(piece.formatChange, attribution)
        noteCopy(run, piece, attribution)
        push(run)
      }
      continue
    }
    const removal = removed ? attribution.removal(removed) : null
    const insertion = added ? { by: attribution.writer(added), revision: attribution.introducedIn(added) } : null
    for (const { ch, piece } of token) {
      if (!piece.before) continue
      const by = removal ?? insertion!
      push({ text: ch, status: 'removed', format: piece.format, author: by.by, writtenBy: attribution.writer(piece), revision: by.revision })
    }
    for (const { ch, piece } of token) {
      if (!piece.after) continue
      const by = insertion ?? removal!
      const run: DiffRun = { text: ch, status: 'added', format: piece.format, author: by.by, revision: by.revision }
      noteCopy(run, piece, attribution)
      push(run)
    }
  }
  return runs
}

/** Notes on a run that it is a copy of another author's text (a copy of one's own is not news). */
function noteCopy(run: DiffRun, piece: TextPiece, attribution: Attribution): void {
  const from = attribution.copiedFrom?.(piece)
  if (from && from !== run.author) run.copiedFrom = from
}

/** Who made a formatting change: the writer of a new marker, the remover of an old one. */
function formatter(change: NonNullable<TextPiece['formatChange']>, attribution: Attribution): string | null {
  return change.removed ? attribution.removal(change.at).by : attribution.writer(change.at)
}

/** Counts what changed between the two sides of a comparison, in characters and in words. */
export function countChanges(pieces: TextPiece[]): { charsAdded: number; charsRemoved: number; wordsAdded: number; wordsRemoved: number; charsFormatted: number } {
  const counts = { charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0, charsFormatted: 0 }
  const chars: Char[] = []
  for (const piece of pieces) {
    if (piece.movedAway) continue
    if (piece.formatChange) counts.charsFormatted += piece.text.length
    if (piece.after && !piece.before) counts.charsAdded += piece.text.length
    if (piece.before && !piece.after) counts.charsRemoved += piece.text.length
    for (const ch of piece.text) chars.push({ ch, piece })
  }
  for (const token of tokenize(chars)) {
    if (!WORD_CHAR.test(token[0].ch) || token.every((c) => c.piece.before && c.piece.after)) continue
    if (token.some((c) => c.piece.before)) counts.wordsRemoved += 1
    if (token.some((c) => c.piece.after)) counts.wordsAdded += 1
  }
  return counts
}

/** Number of words in a run of text. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{M}\p{N}_]+/gu)?.length ?? 0
}

function sameFormat(a: FormatAttributes, b: FormatAttributes): boolean {
  if (a === b) return true
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]))
}
