import type { Patch, Trace } from './Trace.ts'
import { seededRandom } from '../support/seededRandom.ts'

const WORDS = ['the', 'of', 'replica', 'merge', 'a', 'document', 'and', 'concurrent', 'to', 'edit', 'in', 'is',
  'operation', 'that', 'we', 'insert', 'delete', 'each', 'state', 'order', 'with', 'for', 'network', 'user']

/**
 * One author's keystrokes, shaped like the automerge-paper trace: mostly typing at a cursor,
 * runs of backspaces, and now and then a jump to elsewhere in the text (about 70% inserts).
 */
function typist(edits: number, seed: number): { patches: Patch[]; length: number } {
  const rand = seededRandom(seed)
  const patches: Patch[] = []
  // Only the length is tracked: string surgery on a 100k text per keystroke would be quadratic.
  let length = 0
  let cursor = 0
  let pending = ''
  while (patches.length < edits) {
    const roll = rand()
    if (roll < 0.005 && length > 0) {
      cursor = Math.floor(rand() * (length + 1))
      continue
    }
    if (roll < 0.0553 && cursor > 0) {
      // A run of backspaces, as when a word is retyped.
      const run = 1 + Math.floor(rand() * 14)
      for (let i = 0; i < run && cursor > 0 && patches.length < edits; i++) {
        cursor -= 1
        patches.push([cursor, 1, ''])
        length -= 1
      }
      continue
    }
    if (pending.length === 0) {
      pending = WORDS[Math.floor(rand() * WORDS.length)] + (rand() < 0.08 ? '.\n' : ' ')
    }
    const char = pending[0]
    pending = pending.slice(1)
    patches.push([cursor, 0, char])
    length += 1
    cursor += 1
  }
  return { patches, length }
}

/**
 * A synthetic trace for when the real ones are not at hand: 259,778 edits by one author
 * (sequential), or about 13,000 by each of two authors (concurrent).
 */
export function syntheticTrace(kind: Trace['kind']): Trace {
  if (kind === 'sequential') {
    const { patches, length } = typist(259_778, 1)
    return { name: 'synthetic-sequential', synthetic: true, kind, endContent: null, endLength: length, agents: [patches], edits: patches.length }
  }
  const a = typist(13_039, 2)
  const b = typist(13_039, 3)
  return { name: 'synthetic-concurrent', synthetic: true, kind, endContent: null, endLength: null, agents: [a.patches, b.patches], edits: a.patches.length + b.patches.length }
}
