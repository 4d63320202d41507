import { TEST_METRICS_TOKEN } from '../../support/spawnServer.ts'

/** Reads one server's Prometheus /metrics into name → value (samples without labels only). */
export async function readMetrics(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*) (\S+)$/u.exec(line)
    if (match) values.set(match[1], Number(match[2]))
  }
  return values
}

/** A metric's value, failing loudly when the server does not export it. */
export function metric(values: Map<string, number>, name: string): number {
  const value = values.get(name)
  if (value === undefined) throw new Error(`/metrics has no ${name}`)
  return value
}
