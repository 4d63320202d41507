import type { TargetName } from './benchOptions.ts'
import type { MachineDescription } from './describeMachine.ts'
import type { ColdOpenResult } from './measureColdOpen.ts'
import type { FeatureResults, NotMeasured } from './measureFeatures.ts'
import type { MemoryResult } from './measureMemory.ts'
import type { PageViewJs } from './measurePageViewJs.ts'
import type { LatencyResult } from './measurePeerLatency.ts'
import type { ThroughputResult } from './measureThroughput.ts'
import type { StoredBytes } from './storedBytes.ts'

/** Everything measured on one target; a workload that failed is null and its error listed. */
export interface TargetResult {
  target: TargetName
  label: string
  latency: Record<string, LatencyResult>
  throughput: ThroughputResult | null
  coldOpen: ColdOpenResult | null
  storage: StoredBytes | null
  memory: MemoryResult | null
  features: FeatureResults | null
  errors: string[]
}

/** One bench run, as written to JSON. */
export interface BenchResults {
  date: string
  mode: 'quick' | 'full'
  note: string
  durationSeconds: number
  machine: MachineDescription & { loadAfter: number[] }
  traces: { name: string; edits: number; synthetic: boolean }[]
  workers: number
  pageViewJs: PageViewJs | NotMeasured
  targets: TargetResult[]
}
