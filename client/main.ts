import { createApp } from 'vue'
import App from './App.vue'
import { router, routeError } from './router.ts'
import { loadSession } from './composables/useSession.ts'
import { toApiError } from './composables/useApi.ts'
import './styles/base.css'
import './styles/print.css'

// Start asking who is signed in at once; views wait on it where it matters.
void loadSession()

const app = createApp(App)
app.use(router)
// Anything a component throws and nobody handled reaches the screen as an error state.
app.config.errorHandler = (cause, _instance, info) => {
  console.error(`[palimpsest] ${info}:`, cause)
  routeError.value = toApiError(cause)
}
app.mount('#app')
