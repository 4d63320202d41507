import { fileURLToPath } from 'node:url'

/** Which servers a bench run drives, side by side. */
export type TargetName = 'bare' | 'postgres' | 'pglite'

/** Everything a bench run can be told from the command line. */
export interface BenchOptions {
  quick: boolean
  targets: TargetName[]
  /** The sequential trace (automerge-paper); missing file = a synthetic trace of the same shape. */
  sequentialTrace: string
  /** The concurrent two-author trace (friendsforever); missing file = synthetic. */
  concurrentTrace: string
  /** Admin URL of the local Postgres server; each run creates (and drops) its own database there. */
  postgresUrl: string
  /** Client processes driving the providers. */
  workers: number
  /** Where the JSON results go. */
  jsonOut: string
  /** Whether docs/BENCHMARKS.md gets this run's table (default: full runs only). */
  writeDocs: boolean
  /** A note on the run's conditions, printed and written with the results. */
  note: string
  /** Workloads to run (default all): memory, latency, throughput, open, features. */
  only: Set<string>
  /** Latency scenarios to run (default all), by key: editors2, editors20, editors100, connections1000. */
  scenarios: Set<string> | null
  /** Re-render the table of an earlier run's JSON instead of running (docs only with --docs). */
  from: string | null
}

/** The workloads, in the order a run performs them. */
export const WORKLOADS = ['memory', 'latency', 'throughput', 'open', 'features'] as const

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

const USAGE = `usage: npm run bench -- [--quick] [--targets bare,postgres,pglite]
  [--trace <automerge-paper.json.gz>] [--concurrent-trace <friendsforever.json.gz>]
  [--postgres <postgres://…>] [--workers <n>] [--json <file>] [--docs | --no-docs] [--note <text>]
  [--only memory,latency,throughput,open,features] [--scenarios editors2,editors20,editors100,connections1000]
  [--from <results.json>]  (print an earlier run's table again; with --docs, write it to docs/BENCHMARKS.md)`

/** Parses `process.argv`-style flags; throws with the usage line on anything unknown. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    targets: ['bare', 'postgres', 'pglite'],
    sequentialTrace: here('../../../shared/traces/automerge-paper.json.gz'),
    concurrentTrace: here('../../../shared/traces/friendsforever.json.gz'),
    postgresUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    workers: 2,
    jsonOut: here('./results/latest.json'),
    writeDocs: true,
    note: '',
    only: new Set(WORKLOADS),
    scenarios: null,
    from: null,
  }
  let docs: boolean | undefined
  let explicitTargets = false
  const args = [...argv]
  const value = (flag: string): string => {
    const next = args.shift()
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`)
    return next
  }
  while (args.length > 0) {
    const flag = args.shift()!
    switch (flag) {
      case '--quick': options.quick = true; break
      case '--targets': {
        const names = value(flag).split(',').map((s) => s.trim())
        for (const name of names) if (!['bare', 'postgres', 'pglite'].includes(name)) throw new Error(`unknown target ${name}\n${USAGE}`)
        options.targets = names as TargetName[]
        explicitTargets = true
        break
      }
      case '--trace': options.sequentialTrace = value(flag); break
      case '--concurrent-trace': options.concurrentTrace = value(flag); break
      case '--postgres': options.postgresUrl = value(flag); break
      case '--workers': options.workers = Math.max(1, Math.min(8, Number(value(flag)) || 2)); break
      case '--json': options.jsonOut = value(flag); break
      case '--no-docs': docs = false; break
      case '--docs': docs = true; break
      case '--note': options.note = value(flag); break
      case '--from': options.from = value(flag); break
      case '--scenarios': options.scenarios = new Set(value(flag).split(',').map((s) => s.trim())); break
      case '--only': {
        const names = value(flag).split(',').map((s) => s.trim())
        for (const name of names) if (!(WORKLOADS as readonly string[]).includes(name)) throw new Error(`unknown workload ${name}\n${USAGE}`)
        options.only = new Set(names)
        break
      }
      case '--help': case '-h': throw new Error(USAGE)
      default: throw new Error(`unknown flag ${flag}\n${USAGE}`)
    }
  }
  options.writeDocs = docs ?? (!options.quick && !options.from)
  // A quick run compares against one database (a minute); a full run covers both.
  if (options.quick && !explicitTargets) options.targets = ['bare', 'postgres']
  const host = new URL(options.postgresUrl).hostname
  // The bench only ever talks to this machine.
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`--postgres must point at 127.0.0.1, not ${host}`)
  return options
}
