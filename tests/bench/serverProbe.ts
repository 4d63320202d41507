// Preloaded (node --import) into each server the bench starts, Palimpsest and bare Hocuspocus
// alike: answers the coordinator's "how much memory and CPU now?" over the IPC channel.
// The server code itself knows nothing of the bench.
import { monitorEventLoopDelay } from 'node:perf_hooks'

const collect = (globalThis as { gc?: () => void }).gc
// How late the event loop ran since the last probe: a server whose loop stalls delays every message.
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()

process.on('message', (message: { probe?: number }) => {
  if (message?.probe === undefined) return
  // CPU is read before the forced collections too, so that a phase's CPU can leave them out.
  const before = process.cpuUsage()
  const delay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 }
  loopDelay.reset()
  // Two collections (and a turn of the loop between): what is left is what the server holds.
  collect?.()
  setImmediate(() => {
    collect?.()
    const memory = process.memoryUsage()
    const cpu = process.cpuUsage()
    process.send?.({
      probe: message.probe,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuBeforeGcMs: (before.user + before.system) / 1000,
      loopDelayP99Ms: delay.p99,
      loopDelayMaxMs: delay.max,
    })
  })
})

