import { computed, shallowRef, type Ref } from 'vue'
import type { ApiMember as Member } from '../../shared/apiTypes.ts'
import { fetchJson } from './useApi.ts'

// The members of each space, fetched once per tab when someone starts a mention.
const membersBySpace = new Map<string, Promise<Member[]>>()

/** The `@prefix` just before the caret in `text`, or null. */
export function mentionBeforeCaret(text: string, caret: number): { start: number, prefix: string } | null {
  const match = /(?:^|[^\p{L}\p{N}_.@-])@([\p{L}\p{M}\p{N}_.-]{0,32})$/u.exec(text.slice(0, caret))
  if (!match) return null
  return { start: caret - match[1]!.length - 1, prefix: match[1]! }
}

/**
 * Autocomplete of `@name` in a comment box: the members of the space whose name starts with
 * what is typed after the @ before the caret (members only: anyone else would be refused).
 */
export function useMentionSuggestions(spaceId: () => string, text: Ref<string>, caret: Ref<number>) {
  const members = shallowRef<Member[]>([])
  const failed = shallowRef(false)
  const mention = computed(() => mentionBeforeCaret(text.value, caret.value))
  const suggestions = computed(() => {
    const at = mention.value
    if (!at) return []
    const prefix = at.prefix.toLowerCase()
    return members.value.filter((m) => m.username.toLowerCase().startsWith(prefix)).slice(0, 8)
  })
  async function load() {
    const id = spaceId()
    let list = membersBySpace.get(id)
    if (!list) {
      list = fetchJson<Member[]>(`/api/spaces/${id}/members`)
      membersBySpace.set(id, list)
      list.catch(() => membersBySpace.delete(id))
    }
    try {
      members.value = await list
      failed.value = false
    } catch {
      failed.value = true
    }
  }
  /** The text with the mention before the caret completed to `username`, and where the caret goes. */
  function complete(username: string): { text: string, caret: number } | null {
    const at = mention.value
    if (!at) return null
    const before = text.value.slice(0, at.start)
    const after = text.value.slice(caret.value)
    const inserted = `@${username} `
    return { text: before + inserted + after, caret: before.length + inserted.length }
  }
  return { mention, suggestions, failed, load, complete }
}
