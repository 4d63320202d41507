import { watchEffect } from 'vue'

/** Keeps the tab's title as `<what> · Palimpsest` while the calling view is mounted. */
export function useDocumentTitle(title: () => string | null | undefined): void {
  watchEffect(() => {
    const what = title()
    document.title = what ? `${what} · Palimpsest` : 'Palimpsest'
  })
}
