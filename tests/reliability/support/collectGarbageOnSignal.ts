// Preloaded (node --import) into the server a load scenario starts, with --expose-gc: SIGUSR2
// makes it collect garbage, so that /metrics then shows the memory the server really holds.
// The server itself knows nothing of this.
const collect = (globalThis as { gc?: () => void }).gc

process.on('SIGUSR2', () => {
  collect?.()
  setImmediate(() => collect?.())
})

export {}
