import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { parseSeedBlocks as oldBlocks } from '../../../server/seed/parseSeedMarkdown.ts'
import { parseSeedBlocks as newBlocks } from '../../../server/seed/seedMarkdownParser.ts'

// The hand-written seed parser and the one on markdown-it give the same documents for every seed page.
const pagesDir = new URL('../../../server/seed/pages/', import.meta.url)

describe('the seed parser on markdown-it', () => {
  it.each(readdirSync(pagesDir).filter((name) => name.endsWith('.md')))('gives the same document as the hand-written one for %s', (name) => {
    const lines = readFileSync(new URL(name, pagesDir), 'utf8').split(/\r?\n/u)
    const close = lines.indexOf('---', 1)
    const body = lines.slice(close + 1).map((text, index) => ({ text, number: close + 2 + index }))
    const schema = documentSchema()
    const before = schema.nodeFromJSON({ type: 'doc', content: oldBlocks(body, name) })
    const after = schema.nodeFromJSON({ type: 'doc', content: newBlocks(body, name) })
    expect(after.toJSON()).toEqual(before.toJSON())
    expect(after.eq(before)).toBe(true)
  })
})
