import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue'
import { useRoute } from 'vue-router'

/**
 * A menu that opens from a button: closes on Escape (focus back to the button), on a click
 * outside `root`, and on navigation.
 */
export function useDisclosure(root: Ref<HTMLElement | null>, button: Ref<HTMLElement | null>) {
  const open = shallowRef(false)
  const route = useRoute()

  function onPointerDown(event: PointerEvent) {
    if (root.value && !root.value.contains(event.target as Node)) open.value = false
  }
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && open.value) {
      open.value = false
      button.value?.focus()
    }
  }
  watch(open, (isOpen) => {
    if (isOpen) {
      document.addEventListener('pointerdown', onPointerDown)
      document.addEventListener('keydown', onKeyDown)
    } else {
      document.removeEventListener('pointerdown', onPointerDown)
      document.removeEventListener('keydown', onKeyDown)
    }
  })
  watch(() => route.fullPath, () => { open.value = false })
  onBeforeUnmount(() => { open.value = false })

  return { open, toggle: () => { open.value = !open.value }, close: () => { open.value = false } }
}
