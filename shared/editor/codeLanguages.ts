/**
 * The languages a code block may name (its `language` attribute): the grammars the editor
 * highlights. The server's schema check refuses any other value, so the list is the same on
 * both sides; `codeLanguageOf` turns what a writer typed (```js, a pasted `language-py`) into one.
 */
export const CODE_LANGUAGES = [
  'bash', 'c', 'cpp', 'csharp', 'css', 'diff', 'go', 'java', 'javascript', 'json', 'kotlin',
  'markdown', 'php', 'python', 'r', 'ruby', 'rust', 'sql', 'swift', 'typescript', 'xml', 'yaml',
] as const
export type CodeLanguage = (typeof CODE_LANGUAGES)[number]

/** Other names writers use for the same languages. */
const ALIASES: Record<string, CodeLanguage> = {
  js: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript', py: 'python',
  sh: 'bash', shell: 'bash', zsh: 'bash', html: 'xml', svg: 'xml', yml: 'yaml', md: 'markdown',
  rb: 'ruby', rs: 'rust', cs: 'csharp', kt: 'kotlin', golang: 'go', h: 'c', hpp: 'cpp', cc: 'cpp',
}

/** The known language a name stands for (case-insensitive, aliases resolved), or null. */
export function codeLanguageOf(name: unknown): CodeLanguage | null {
  if (typeof name !== 'string') return null
  const lower = name.trim().toLowerCase()
  if ((CODE_LANGUAGES as readonly string[]).includes(lower)) return lower as CodeLanguage
  return Object.hasOwn(ALIASES, lower) ? ALIASES[lower] : null
}

/** Schema `validate` of a code block's `language`: empty (null or '') or one of `CODE_LANGUAGES`. */
export function codeLanguageCheck(value: unknown): void {
  if (value === null || value === '') return
  if (typeof value !== 'string' || !(CODE_LANGUAGES as readonly string[]).includes(value)) throw new RangeError('not a known code language')
}
