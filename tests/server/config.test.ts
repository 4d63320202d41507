import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/core/config.ts'

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, dataDir: './data', redisUrl: undefined, seed: true, passwordHashCost: 15 })
  })

  it('reads every documented variable', () => {
    const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://h:6379', SEED: 'false' })
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@h/db', dataDir: undefined, redisUrl: 'redis://h:6379', seed: false })
  })

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['SEED', 'maybe'],
    ['PASSWORD_HASH_COST', '9'],
    ['PASSWORD_HASH_COST', '21'],
    ['PGLITE_SHARED_BUFFERS_MB', '0'],
    ['PGLITE_SHARED_BUFFERS_MB', '16MB'],
  ])('refuses %s=%s with a one-line message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError)
    try {
      loadConfig({ [name]: value })
    } catch (error) {
      expect((error as Error).message).toContain(name)
      expect((error as Error).message).not.toContain('\n')
    }
  })
})
