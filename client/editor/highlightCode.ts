import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import cpp from 'highlight.js/lib/languages/cpp'
import csharp from 'highlight.js/lib/languages/csharp'
import css from 'highlight.js/lib/languages/css'
import diff from 'highlight.js/lib/languages/diff'
import go from 'highlight.js/lib/languages/go'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import kotlin from 'highlight.js/lib/languages/kotlin'
import markdown from 'highlight.js/lib/languages/markdown'
import php from 'highlight.js/lib/languages/php'
import python from 'highlight.js/lib/languages/python'
import r from 'highlight.js/lib/languages/r'
import ruby from 'highlight.js/lib/languages/ruby'
import rust from 'highlight.js/lib/languages/rust'
import sql from 'highlight.js/lib/languages/sql'
import swift from 'highlight.js/lib/languages/swift'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'
import type { LanguageFn } from 'highlight.js'
import { createLowlight } from 'lowlight'
import type { CodeLanguage } from '../../shared/editor/codeLanguages.ts'

/** One grammar per language a code block may name (shared/editor/codeLanguages.ts). */
const GRAMMARS: Record<CodeLanguage, LanguageFn> = {
  bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, r, ruby, rust, sql, swift, typescript, xml, yaml,
}

const lowlight = createLowlight(GRAMMARS)
type Nodes = ReturnType<typeof lowlight.highlight>['children']

/** A highlighted stretch of a code block's text: offsets in the text and highlight.js classes. */
export interface CodeToken {
  from: number
  to: number
  classes: string
}

/**
 * The highlighted stretches of `code` in `language` (lowlight, highlight.js grammars), nested
 * scopes flattened to the classes of each stretch. Loaded on demand by `CodeHighlighting`.
 */
export function highlightCode(code: string, language: CodeLanguage): CodeToken[] {
  const tokens: CodeToken[] = []
  let at = 0
  const walk = (nodes: Nodes, classes: string[]) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        if (classes.length && node.value.length) tokens.push({ from: at, to: at + node.value.length, classes: classes.join(' ') })
        at += node.value.length
      } else if (node.type === 'element') {
        const own = node.properties.className
        walk(node.children as Nodes, Array.isArray(own) ? [...classes, ...own.map(String)] : classes)
      }
    }
  }
  walk(lowlight.highlight(language, code).children, [])
  return tokens
}
