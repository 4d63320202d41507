// `npm run seed`: seeds the configured database if it is empty, then exits.
import { loadConfig } from '../core/config.ts'
import { createPalimpsest } from '../createPalimpsest.ts'
import { features } from '../features.ts'
import { openConfiguredDb } from '../openConfiguredDb.ts'

const config = loadConfig()
const server = await createPalimpsest(config, await openConfiguredDb(config), features())
const seeded = await server.seed()
console.log(seeded ? `Seeded ${seeded.pages} pages into “Novocherkassk 1962”.` : 'The database already has content; nothing was seeded.')
await server.close()
