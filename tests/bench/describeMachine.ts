import { cpus, loadavg, release, totalmem, type } from 'node:os'

/** The machine and its load, written beside every result (numbers mean little without them). */
export interface MachineDescription {
  node: string
  os: string
  cpu: string
  cores: number
  memoryGb: number
  /** 1, 5 and 15-minute load averages. */
  loadBefore: number[]
}

export function describeMachine(): MachineDescription {
  const list = cpus()
  return {
    node: process.version,
    os: `${type()} ${release()}`,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadBefore: loadavg().map((n) => Math.round(n * 100) / 100),
  }
}
