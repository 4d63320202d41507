import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { nextTick, shallowRef } from 'vue'
import { toApiError, type ApiError } from './composables/useApi.ts'
import { loadSession } from './composables/useSession.ts'

// Every view is its own chunk, loaded when its route is visited; the page view (editor,
// Yjs, provider) is the critical path and nothing else pulls it in.
const PageView = () => import('./views/PageView.vue')
const WikiLinkView = () => import('./views/WikiLinkView.vue')

/** The routes; names are used by `router.push({ name })` and by tests. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue') },
  { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue') },
  { path: '/sign-up', name: 'sign-up', component: () => import('./views/SignUpView.vue') },
  { path: '/account', name: 'account', component: () => import('./views/AccountView.vue') },
  { path: '/watchlist', name: 'watchlist', component: () => import('./views/WatchlistView.vue') },
  { path: '/spaces/new', name: 'space-new', component: () => import('./views/NewSpaceView.vue') },
  { path: '/search', name: 'search', component: () => import('./views/SearchView.vue') },
  { path: '/p/:pageId', name: 'page', component: PageView },
  { path: '/p/:pageId/history', name: 'page-history', component: () => import('./views/HistoryView.vue') },
  { path: '/proposals/:proposalId', name: 'proposal', component: () => import('./views/ProposalView.vue') },
  { path: '/w/:title', name: 'wiki-link-any', component: WikiLinkView },
  { path: '/s/:spaceSlug', name: 'space', component: () => import('./views/SpaceHomeView.vue') },
  { path: '/s/:spaceSlug/-/new', name: 'page-new', component: () => import('./views/NewPageView.vue') },
  { path: '/s/:spaceSlug/-/pages', name: 'space-pages', component: () => import('./views/SpacePagesView.vue') },
  { path: '/s/:spaceSlug/-/members', name: 'space-members', component: () => import('./views/SpaceMembersView.vue') },
  { path: '/s/:spaceSlug/-/wanted', name: 'space-wanted', component: () => import('./views/WantedPagesView.vue') },
  { path: '/s/:spaceSlug/-/map', name: 'space-map', component: () => import('./views/SpaceMapView.vue') },
  { path: '/s/:spaceSlug/-/orphans', name: 'space-orphans', component: () => import('./views/OrphanedPagesView.vue') },
  { path: '/s/:spaceSlug/-/sources', name: 'space-sources', component: () => import('./views/SourcesView.vue') },
  { path: '/s/:spaceSlug/-/citation-needed', name: 'space-citation-needed', component: () => import('./views/CitationNeededView.vue') },
  { path: '/s/:spaceSlug/-/changes', name: 'space-changes', component: () => import('./views/RecentChangesView.vue') },
  { path: '/s/:spaceSlug/-/proposals', name: 'space-proposals', component: () => import('./views/SpaceProposalsView.vue') },
  { path: '/s/:spaceSlug/w/:title', name: 'wiki-link', component: WikiLinkView },
  { path: '/s/:spaceSlug/:pageSlug', name: 'page-pretty', component: PageView },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
]

/** A navigation that failed (a chunk that would not load, a guard that threw). */
export const routeError = shallowRef<ApiError | null>(null)

/** The app's router (HTML5 history). */
export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(to, _from, saved) {
    if (saved) return saved
    if (to.hash) return { el: to.hash }
    return { top: 0 }
  },
})

// Views render knowing who is signed in (no "Reader" flash, no second fetch once /me
// answers). The first call waits for the request main.ts started; later ones are instant.
router.beforeEach(async () => {
  routeError.value = null
  await loadSession()
})

// After moving to another screen, keyboard and screen-reader focus starts at its content (the
// skip link target), as on a full page load. A URL rewrite on the same screen keeps focus.
router.afterEach((to, from, failure) => {
  if (failure || from.matched.length === 0 || to.path === from.path) return
  if ((window.history.state as { keepFocus?: boolean } | null)?.keepFocus) return
  void nextTick(() => document.getElementById('main')?.focus({ preventScroll: true }))
})

// Router-level catch: a failed navigation becomes a message on screen, never a blank page.
router.onError((cause, to) => {
  const error = toApiError(cause)
  if (/dynamically imported module|Importing a module script failed|Failed to fetch/iu.test(error.message)) {
    routeError.value = Object.assign(error, { message: `This part of Palimpsest could not be loaded (${to.fullPath}). Check your connection, then reload.` })
  } else {
    routeError.value = error
  }
})
