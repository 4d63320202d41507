import type { Progress } from './writeBackup.ts'

/** A progress line on a terminal, rewritten in place: "backup: 1,204 of 5,310 rows (41%) — revisions". */
export function progressLine(verb: string, stream: NodeJS.WriteStream = process.stderr): Progress & { end: () => void } {
  const format = new Intl.NumberFormat('en')
  let last = ''
  const show: Progress = (done, total, table) => {
    const percent = total ? Math.floor((done / total) * 100) : 100
    const line = `${verb}: ${format.format(done)} of ${format.format(total)} rows (${percent}%) — ${table}`
    if (line === last) return
    last = line
    stream.write(stream.isTTY ? `\r${line.padEnd(79)}` : `${line}\n`)
  }
  return Object.assign(show, { end: () => { if (stream.isTTY && last) stream.write('\n') } })
}
