import { seededRandom } from '../../support/seededRandom.ts'

/** Randomness helpers over one seeded generator. */
export interface ScenarioRandom {
  seed: number
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

/**
 * The seeded randomness of a scenario. The seed is RELIABILITY_SEED when set (to replay a
 * failure), otherwise fresh; either way it is printed so any run can be replayed.
 */
export function scenarioRandom(scenario: string, fixed?: number): ScenarioRandom {
  const fromEnv = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : undefined
  const seed = fixed ?? fromEnv ?? Math.floor(Math.random() * 2 ** 31)
  console.log(`[reliability] ${scenario}: seed ${seed} (replay with RELIABILITY_SEED=${seed})`)
  const next = seededRandom(seed)
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  }
}
