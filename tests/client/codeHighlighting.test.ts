import { describe, expect, it } from 'vitest'
import { highlightCode } from '../../client/editor/highlightCode.ts'
import { CODE_LANGUAGES, codeLanguageCheck, codeLanguageOf } from '../../shared/editor/codeLanguages.ts'

describe('code block languages', () => {
  it('highlights every language a code block may name', () => {
    for (const language of CODE_LANGUAGES) expect(() => highlightCode('x = 1 # a comment', language), language).not.toThrow()
    const tokens = highlightCode('const answer = 42 // the answer', 'javascript')
    const classOf = (text: string) => tokens.find((token) => 'const answer = 42 // the answer'.slice(token.from, token.to) === text)?.classes
    expect(classOf('const')).toBe('hljs-keyword')
    expect(classOf('42')).toBe('hljs-number')
    expect(classOf('// the answer')).toBe('hljs-comment')
  })

  it('turns what writers type into a known language, or nothing', () => {
    expect(codeLanguageOf('js')).toBe('javascript')
    expect(codeLanguageOf('Python')).toBe('python')
    expect(codeLanguageOf('html')).toBe('xml')
    expect(codeLanguageOf('cobol')).toBeNull()
    expect(codeLanguageOf('constructor')).toBeNull()
    expect(codeLanguageOf('toString')).toBeNull()
  })

  it('lets the schema hold only a known language or none', () => {
    for (const ok of [null, '', 'python', 'typescript']) expect(() => codeLanguageCheck(ok)).not.toThrow()
    for (const bad of ['js', 'cobol', 'Python', 42, {}, '<script>']) expect(() => codeLanguageCheck(bad)).toThrow()
  })
})
