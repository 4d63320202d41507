import { textblockTypeInputRule } from '@tiptap/core'
import { backtickInputRegex, CodeBlock as BaseCodeBlock, tildeInputRegex } from '@tiptap/extension-code-block'
import { codeLanguageCheck, codeLanguageOf } from './codeLanguages.ts'

/**
 * StarterKit's `codeBlock` with its `language` held to the known languages: the server refuses
 * any other value, and what the editor writes (```lang, a pasted `language-x` class) is
 * resolved to a known language or left empty, so a writer never sends what would be refused.
 */
export const CodeBlock = BaseCodeBlock.extend({
  addAttributes() {
    return {
      language: {
        default: null,
        validate: codeLanguageCheck,
        parseHTML: (element: HTMLElement) => {
          const classes = [...(element.firstElementChild?.classList ?? element.classList)]
          const named = classes.find((name) => name.startsWith('language-'))
          return named ? codeLanguageOf(named.slice('language-'.length)) : null
        },
        rendered: false,
      },
    }
  },

  addInputRules() {
    return [backtickInputRegex, tildeInputRegex].map((find) => textblockTypeInputRule({
      find,
      type: this.type,
      getAttributes: (match) => ({ language: codeLanguageOf(match[1]) }),
    }))
  },
})
