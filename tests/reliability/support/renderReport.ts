import type { ScenarioFigures } from './scenarioFigures.ts'

/** The scenarios in the order the report lists them, with what each one checks. */
export const SCENARIOS: { key: string; name: string; file: string; checks: string }[] = [
  {
    key: 'crash', name: 'Crash', file: 'crashRecovery.test.ts',
    checks: 'After every SIGKILL the database is read directly, before anything can resend: every edit a writer saw acknowledged must be there. After the restart every writer reconnects by itself; at the end each page\'s writers are identical, every token appears exactly once, and the stored state (after a clean stop) equals theirs.',
  },
  {
    key: 'database-outage', name: 'Database outage', file: 'databaseOutage.test.ts',
    checks: 'A private Postgres cluster (initdb + pg_ctl in a temp folder) is stopped with an immediate shutdown while writers type. The server must stay up (health answers 503), nothing typed during the outage may be acknowledged or reach another writer (only stored edits are relayed), a person in Chromium must see "Saving…"; when Postgres is back every edit must be acknowledged and stored, with no unhandled rejection or uncaught exception logged.',
  },
  {
    key: 'outage-crash', name: 'Crash during a database outage', file: 'databaseOutage.test.ts',
    checks: 'Postgres stops, the writers of a page type edits that cannot be stored (and so reach no other writer), and the server is killed with SIGKILL: those edits now exist only in their writers\' clients. After Postgres and the server return, every writer must be saved, identical to the others and to the database.',
  },
  {
    key: 'redis-outage', name: 'Redis outage (scale-out)', file: 'redisOutage.test.ts',
    checks: 'Two instances share a private Postgres and a private redis-server. Redis is killed while writers on both instances type: both instances must stay up, writers on the same instance must keep syncing and saving; when Redis is back both instances must catch up so that every writer of a page holds the same document, equal to the stored one.',
  },
  {
    key: 'websocket-fuzz', name: 'Hostile websocket input', file: 'websocketFuzz.test.ts',
    checks: 'Random bytes, random message types and mutated well-formed Hocuspocus/Yjs messages (odd updates: script elements, javascript: links, huge client ids, deep nesting) from unauthenticated sockets and from an authenticated editor; oversized frames; a flood of connections from one client. Outsiders must never change the document; a reader and a writer on the server must never be disconnected; the writer loses nothing; the page reloads exactly as its reader saw it.',
  },
  {
    key: 'api-fuzz', name: 'Hostile API input', file: 'apiFuzz.test.ts',
    checks: 'Every API route of the running build (read from the Hono app, so features are covered as they land) gets malformed JSON, wrong types, hostile path parameters and queries, made-up tokens and junk cookies. Every answer must be below 500, and every error must carry an error id.',
  },
  {
    key: 'api-limits', name: 'Over-long input, path traversal', file: 'apiFuzz.test.ts',
    checks: 'Over-long usernames, passwords, titles and space names must be refused with 400 and an error id; traversal paths against the static files must never serve anything but the app\'s index.html or an error.',
  },
  {
    key: 'script-injection', name: 'Script injection (Chromium)', file: 'scriptInjection.test.ts',
    checks: 'Script in titles, a space name, link targets (javascript:, data:, attribute breakouts), page text, a hostile node and pasted HTML. Every view that shows them is opened, links are hovered and clicked; no dialog may open, the payloads\' window flag must stay unset, and no inline handler or javascript:/data: URL may reach the DOM.',
  },
  {
    key: 'convergence', name: 'Convergence', file: 'convergence.test.ts',
    checks: 'Seeded sessions of five clients inserting, deleting, formatting, linking (web and wiki links), adding and removing blocks, undoing and redoing, while clients drop off and come back and the server is killed or restarted. All clients must end identical, the stored state must equal theirs, and every revision cut along the way must rebuild from its snapshot.',
  },
  {
    key: 'load-soak', name: 'Load soak', file: 'loadSoak.test.ts',
    checks: 'Real providers edit at a fixed rate on a child-process server. No connection may be closed, no error logged, every update must be stored; after everyone leaves every document must unload and the heap (after a forced collection) must come back within 24 MB of the baseline taken before the soak.',
  },
]

const cell = (value: string | number | null) => (value === null || value === '' ? '—' : String(value).replace(/\|/gu, '\\|'))
const ms = (value: number | null) => (value === null ? '—' : value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`)

/** The figures as a Markdown table, one row per scenario (missing ones say so). */
export function renderTable(figures: Map<string, ScenarioFigures>): string {
  const rows = SCENARIOS.map(({ key, name }) => {
    const f = figures.get(key)
    if (!f) return `| ${name} | not run (skipped or failed) | | | | |`
    return `| ${name} | ${cell(f.faults)} | ${cell(f.inputs)} | ${cell(f.editsLost)} | ${ms(f.recoveryMs)} | ${cell(f.seed)} |`
  })
  return ['| scenario | faults injected | inputs tried | edits lost | time to recover | seed |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n')
}

/** One section per scenario: what it did, what it checks, what else it measured. */
export function renderDetails(figures: Map<string, ScenarioFigures>): string {
  return SCENARIOS.map(({ key, name, file, checks }) => {
    const f = figures.get(key)
    const measured = f ? `**Run:** ${f.title}.\n\n**Measured:** ${f.notes}.` : '**Run:** not in this report (skipped: a part it needs is missing, or it failed).'
    return `### ${name}\n\n\`tests/reliability/${file}\`\n\n${checks}\n\n${measured}`
  }).join('\n\n')
}
