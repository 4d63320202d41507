import { describe, expect, it } from 'vitest'
import { ApiError } from '../../client/composables/useApi.ts'
import { findPageBySlug, findPageByTitle, sortByRecentChange } from '../../client/composables/usePages.ts'
import { planRename, titleErrorMessage } from '../../client/composables/useTitleEditing.ts'
import { normalizeLinkHref } from '../../client/editor/normalizeLinkHref.ts'
import { membersPath, newPagePath, pagePath, safeRedirect, wikiLinkPath } from '../../client/paths.ts'
import { parseLinkTarget } from '../../shared/wikiTitle.ts'
import { sectionAnchor } from '../../shared/headingSlug.ts'

describe('renaming a page in place', () => {
  it('does nothing when the cleaned draft is the current title', () => {
    expect(planRename('Dear Comrades!', '  Dear   Comrades! ')).toEqual({ kind: 'unchanged' })
  })

  it('treats a change of case as a real rename and cleans whitespace and Unicode form', () => {
    expect(planRename('Dear Comrades!', 'Dear comrades!')).toEqual({ kind: 'rename', title: 'Dear comrades!' })
    expect(planRename('x', 'Cafe\u0301  Society')).toEqual({ kind: 'rename', title: 'Café Society' })
  })

  it('refuses titles the shared rules refuse, with their reason', () => {
    expect(planRename('x', '   ')).toMatchObject({ kind: 'invalid', message: 'A title cannot be empty.' })
    expect(planRename('x', 'a [[b]]')).toMatchObject({ kind: 'invalid' })
  })

  it('names the clash when the server answers 409', () => {
    expect(titleErrorMessage(new ApiError(409, 'conflict', 'taken'), 'Sources')).toBe('Another page in this space is already called “Sources”.')
  })
})

describe('finding pages', () => {
  const pages = [
    { id: '1', title: 'Dear Comrades!', slug: 'dear-comrades', updatedAt: '2026-01-01T00:00:00Z' },
    { id: '2', title: 'Dear comrades?', slug: 'dear-comrades', updatedAt: '2026-03-01T00:00:00Z' },
    { id: '3', title: 'Novocherkassk', slug: 'novocherkassk', updatedAt: '2026-02-01T00:00:00Z' },
  ]

  it('matches titles the contract’s way: case, whitespace and Unicode form do not matter', () => {
    expect(findPageByTitle(pages, '  dear   COMRADES! ')?.id).toBe('1')
    expect(findPageByTitle(pages, 'Elsewhere')).toBeUndefined()
  })

  it('lists the most recently changed first and picks the newest of pages sharing a slug', () => {
    expect(sortByRecentChange(pages).map((page) => page.id)).toEqual(['2', '3', '1'])
    expect(findPageBySlug(pages, 'dear-comrades')?.id).toBe('2')
  })
})

describe('link targets', () => {
  it('reads the space prefix in any case, as titles are matched', () => {
    expect(parseLinkTarget('Novocherkassk-1962:Nov')).toEqual({ spaceSlug: 'novocherkassk-1962', title: 'Nov', section: null })
    expect(parseLinkTarget('novocherkassk-1962:Strike')).toEqual({ spaceSlug: 'novocherkassk-1962', title: 'Strike', section: null })
    expect(parseLinkTarget('Just a title')).toEqual({ spaceSlug: null, title: 'Just a title', section: null })
  })

  it('splits a section off at the first #, with or without a space prefix', () => {
    expect(parseLinkTarget('Strike at the plant#The  trials')).toEqual({ spaceSlug: null, title: 'Strike at the plant', section: 'The trials' })
    expect(parseLinkTarget('novocherkassk-1962:Strike # 2 June #3')).toEqual({ spaceSlug: 'novocherkassk-1962', title: 'Strike', section: '2 June #3' })
    expect(parseLinkTarget('Strike#')).toEqual({ spaceSlug: null, title: 'Strike', section: null })
    expect(sectionAnchor('The trials')).toBe('the-trials')
    expect(sectionAnchor('2 June #3')).toBe('2-june-3')
  })
})

describe('the app’s URLs', () => {
  it('uses the readable URL when a page has a slug, the permalink otherwise', () => {
    expect(pagePath('novocherkassk-1962', { id: 'p1', slug: 'dear-comrades' })).toBe('/s/novocherkassk-1962/dear-comrades')
    expect(pagePath('novocherkassk-1962', { id: 'p1', slug: '' })).toBe('/p/p1')
  })

  it('keeps space tools under /-/ so no page slug can shadow them', () => {
    expect(membersPath('group')).toBe('/s/group/-/members')
    expect(newPagePath('group', 'A & B')).toBe('/s/group/-/new?title=A%20%26%20B')
    expect(wikiLinkPath('group', 'Who/what?')).toBe('/s/group/w/Who%2Fwhat%3F')
  })

  it('only redirects after sign-in to paths on this site', () => {
    expect(safeRedirect('/p/1')).toBe('/p/1')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect(undefined, '/s/x')).toBe('/s/x')
  })
})

describe('web links typed into the link form', () => {
  it('adds https:// to bare addresses and mailto: to email addresses', () => {
    expect(normalizeLinkHref('example.org/film')).toBe('https://example.org/film')
    expect(normalizeLinkHref('http://example.org')).toBe('http://example.org/')
    expect(normalizeLinkHref('someone@example.org')).toBe('mailto:someone@example.org')
  })

  it('refuses scripts, other schemes and things that are not addresses', () => {
    expect(normalizeLinkHref('javascript:alert(1)')).toBeNull()
    expect(normalizeLinkHref('data:text/html,hi')).toBeNull()
    expect(normalizeLinkHref('not an address')).toBeNull()
    expect(normalizeLinkHref('word')).toBeNull()
  })
})
