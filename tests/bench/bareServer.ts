// The reference: bare Hocuspocus from our own dependencies, in memory, no extensions —
// the speed limit of the stack Palimpsest is built on.
import { Server } from '@hocuspocus/server'

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true })
await server.listen()
console.log(`Bare Hocuspocus is running at http://127.0.0.1:${server.address.port}`)
