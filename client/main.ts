import { createApp, watch } from 'vue'
import App from './App.vue'
import { router, routeError } from './router.ts'
import { keepAnswersFor } from './composables/keptAnswers.ts'
import { keepOnDevice } from './composables/useKeepOnDevice.ts'
import { loadSession, useSession } from './composables/useSession.ts'
import { toApiError } from './composables/useApi.ts'
import { registerServiceWorker } from './registerServiceWorker.ts'
import './styles/base.css'
import './styles/print.css'

// Start asking who is signed in at once; views wait on it where it matters.
void loadSession()

// The app works without a network once loaded: the service worker keeps its files, and the
// answers a visited page needs for the signed-in person who keeps pages on this device (only
// once the session is known: an unanswered session is not a sign-out).
registerServiceWorker()
const session = useSession()
watch([session.status, () => session.user.value?.id ?? null, keepOnDevice], ([status, userId, keep]) => {
  if (status !== 'ready') return
  keepAnswersFor(keep ? userId : null).catch((cause: unknown) => console.warn('[palimpsest] could not set up kept answers:', cause))
}, { immediate: true })

const app = createApp(App)
app.use(router)
// Anything a component throws and nobody handled reaches the screen as an error state.
app.config.errorHandler = (cause, _instance, info) => {
  console.error(`[palimpsest] ${info}:`, cause)
  routeError.value = toApiError(cause)
}
app.mount('#app')
