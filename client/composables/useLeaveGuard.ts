import { onBeforeUnmount, type Ref } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'

/** The question asked before leaving a page whose changes have not reached the server. */
export const LEAVE_WARNING = 'Your latest changes have not reached the server yet. If you leave now they will be lost. Leave anyway?'

/**
 * Warns before the tab closes or the router leaves while `unsaved` is true: the browser's own
 * beforeunload prompt, and a confirm for in-app navigation.
 */
export function useLeaveGuard(unsaved: Ref<boolean>) {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!unsaved.value) return
    event.preventDefault()
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = ''
  }
  window.addEventListener('beforeunload', onBeforeUnload)
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))

  const confirmLeave = () => !unsaved.value || window.confirm(LEAVE_WARNING)
  onBeforeRouteLeave(confirmLeave)
  onBeforeRouteUpdate((to, from) => (to.path === from.path ? true : confirmLeave()))
}
