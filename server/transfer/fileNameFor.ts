/**
 * A portable file name for a page: its title with the characters file systems refuse
 * replaced, `.md` added, made unique in `taken` (case-insensitively) with " (2)", " (3)"…
 */
export function fileNameFor(title: string, taken: Set<string>): string {
  // eslint-disable-next-line no-control-regex -- control characters are what file names must not hold
  const base = title.replace(/[\u0000-\u001f/\\:*?"<>|]/gu, '-').replace(/^[.\s]+|[.\s]+$/gu, '').slice(0, 120) || 'page'
  let name = `${base}.md`
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base} (${n}).md`
  taken.add(name.toLowerCase())
  return name
}
