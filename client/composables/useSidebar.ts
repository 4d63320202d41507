import { shallowRef, watch } from 'vue'
import type { ApiPageSummary as PageSummary } from '../../shared/apiTypes.ts'

const COLLAPSED_KEY = 'palimpsest:sidebar-collapsed'

function storedCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1'
  } catch {
    return false
  }
}

/** Whether the space sidebar is folded away on wide screens (remembered across visits). */
const collapsed = shallowRef(typeof localStorage === 'undefined' ? false : storedCollapsed())
/** Whether the sidebar's drawer is open on narrow screens (never remembered). */
const drawerOpen = shallowRef(false)
/** The page on screen, which the sidebar's tree highlights and unfolds down to (set by the page view). */
const currentPage = shallowRef<PageSummary | null>(null)

watch(collapsed, (value) => {
  try {
    localStorage.setItem(COLLAPSED_KEY, value ? '1' : '0')
  } catch {
    // Storage may be disabled; the choice holds for this tab.
  }
})

/** The space sidebar's state, shared by the header's menu button and the sidebar itself. */
export function useSidebar() {
  return {
    collapsed,
    drawerOpen,
    currentPage,
    toggleCollapsed: () => { collapsed.value = !collapsed.value },
    openDrawer: () => { drawerOpen.value = true },
    closeDrawer: () => { drawerOpen.value = false },
  }
}
