import GithubSlugger from 'github-slugger'
import { describe, expect, it } from 'vitest'
import { HeadingSlugger } from '../../shared/headingSlug.ts'

describe('heading anchors', () => {
  it('makes the same slugs as github-slugger, repeats numbered', () => {
    const headings = ['The strike', 'Aftermath', 'Новочеркасск, 1962!', 'Q&A: who fired?', 'Aftermath', 'Aftermath', 'Aftermath-1', 'Déjà vu — again', '  spaced  out ', 'emoji 🎬 film']
    const ours = new HeadingSlugger()
    const theirs = new GithubSlugger()
    expect(headings.map((h) => ours.slug(h))).toEqual(headings.map((h) => theirs.slug(h)))
  })
})
