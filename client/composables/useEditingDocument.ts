import { computed } from 'vue'
import { useCollabDocument } from './useCollabDocument.ts'
import { useLeaveGuard } from './useLeaveGuard.ts'
import { presenceUserFor, usePresence } from './usePresence.ts'
import { useSaveState } from './useSaveState.ts'
import { useSession } from './useSession.ts'

/**
 * A document open in the page editor (a page, or a proposal's branch): its live collaboration
 * document, its save state, a warning before leaving with edits not yet saved, the people on it
 * and how this tab shows itself to them. `canEdit`: whether this person may write it.
 */
export function useEditingDocument(documentName: string, canEdit: () => boolean) {
  const { user } = useSession()
  const collab = useCollabDocument(documentName)
  const facts = collab.saveFacts(canEdit)
  const save = useSaveState(facts)
  useLeaveGuard(save.unsaved)
  const { people } = usePresence(collab.provider)
  const presenceUser = computed(() => presenceUserFor(user.value, collab.provider.document.clientID))
  return { collab, facts, save, people, presenceUser }
}
