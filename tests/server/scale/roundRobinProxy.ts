import { createConnection, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/** A TCP load balancer for tests, as nginx's default upstream: no sticky sessions. */
export interface RoundRobinProxy {
  url: string
  wsUrl: string
  /** Connections handed to each backend so far (index = backend). */
  connectionsPerBackend: number[]
  close(): Promise<void>
}

/**
 * Listens on a free port and hands each new connection to the next backend in turn; a backend
 * that refuses (a dead instance) is skipped for the next one. When either side closes, the
 * other is closed too, so a client notices its instance dying at once.
 */
export async function startRoundRobinProxy(backendUrls: string[]): Promise<RoundRobinProxy> {
  const backends = backendUrls.map((url) => ({ host: new URL(url).hostname, port: Number(new URL(url).port) }))
  const connectionsPerBackend = backends.map(() => 0)
  const sockets = new Set<Socket>()
  let next = 0

  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  const server = createServer((client) => {
    track(client)
    client.pause()
    const attempt = (tries: number) => {
      if (tries >= backends.length || client.destroyed) return client.destroy()
      const index = next++ % backends.length
      const backend = createConnection(backends[index])
      const refused = () => attempt(tries + 1)
      backend.once('error', refused)
      backend.once('connect', () => {
        backend.off('error', refused)
        track(backend)
        connectionsPerBackend[index] += 1
        backend.on('close', () => client.destroy())
        client.on('close', () => backend.destroy())
        client.pipe(backend)
        backend.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    connectionsPerBackend,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
