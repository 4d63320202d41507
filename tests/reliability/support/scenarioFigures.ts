import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What a reliability scenario measured, as docs/RELIABILITY.md lists it. */
export interface ScenarioFigures {
  /** Stable key, also the file name of the figures. */
  scenario: string
  /** A one-line description of what was done. */
  title: string
  seed: number | null
  /** Faults injected (kills, outages, disconnects…), in words with counts. */
  faults: string
  /** Inputs tried (edits, messages, requests…), in words with counts. */
  inputs: string
  /** Acknowledged edits missing afterwards (the goal is 0), or null when the scenario makes none. */
  editsLost: number | null
  /** Worst time from the end of a fault to every client being saved again, in ms (null: not applicable). */
  recoveryMs: number | null
  /** Anything else worth reading: measured numbers, what was checked. */
  notes: string
}

/**
 * Prints a scenario's figures and, when RELIABILITY_FIGURES_DIR is set (tests/reliability/report.ts
 * sets it), writes them there as JSON for the report. Figures are observations, never assertions.
 */
export function recordFigures(figures: ScenarioFigures): void {
  console.log(`[reliability] ${figures.scenario}: ${JSON.stringify(figures)}`)
  const dir = process.env.RELIABILITY_FIGURES_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${figures.scenario}.json`), `${JSON.stringify(figures, null, 2)}\n`)
}
