/**
 * Makes heading anchors the way GitHub does (github-slugger's rule, with Unicode property
 * escapes instead of its large generated table): lower case, punctuation and symbols dropped,
 * spaces become hyphens; a repeated slug gets `-1`, `-2`… in document order.
 */
export class HeadingSlugger {
  private readonly seen = new Map<string, number>()

  slug(text: string): string {
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /gu, '-')
    let slug = base
    let count = this.seen.get(base) ?? 0
    while (this.seen.has(slug)) slug = `${base}-${++count}`
    this.seen.set(base, count)
    this.seen.set(slug, 0)
    return slug
  }
}
