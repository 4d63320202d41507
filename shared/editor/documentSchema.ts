import { getSchema } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import { documentExtensions } from './documentExtensions.ts'

let cached: Schema | undefined

/** The ProseMirror schema of every page, built once from `documentExtensions()`. */
export function documentSchema(): Schema {
  cached ??= getSchema(documentExtensions())
  return cached
}

/** Name of the Y.XmlFragment holding a page's content (docs/PROTOCOL.md). */
export const CONTENT_FIELD = 'default'
