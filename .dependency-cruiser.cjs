// Which folder may import which: the layers of docs/ARCHITECTURE.md, enforced by
// `npm run deps` (and so by CI). A backward import fails the run.
//
//   client/ ──────────────┐
//                          ├──► shared/ ──► (npm packages only)
//   server/ entry points  │
//     main, start, dev, seed/seedCommand
//     composition: createPalimpsest, openConfiguredDb, features.ts, features/
//       ▼
//     http/ (app, middleware, routes)     collab/ (Hocuspocus and its extensions)
//       ▼                                   ▼
//     domain folders: accounts spaces pages policies links history search documents scale seed discussion transfer watchlist proposals
//       ▼                                   internals/ (the only code leaning on library internals)
//     core/ (errors, Services and Feature contracts, config, db, events, logger, metrics)

const DOMAIN = '^server/(accounts|spaces|pages|policies|links|history|search|documents|scale|seed|discussion|transfer|watchlist|proposals)/'
const ROOT = '^server/((main|start|dev|features|createPalimpsest|openConfiguredDb)[.]ts$|features/)'
const ENTRY = '^server/((main|start|dev)[.]ts|seed/seedCommand[.]ts|transfer/(backup|restore)Command[.]ts)$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes both ends one module in disguise; split the shared part out.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-stays-shared',
      severity: 'error',
      comment: 'shared/ is imported by the browser and the server alike, so it imports neither.',
      from: { path: '^shared/' },
      to: { path: '^(server|client|tests)/' },
    },
    {
      name: 'client-not-server',
      severity: 'error',
      comment: 'The browser bundle never pulls in server code; what both need lives in shared/.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'core/ holds what every layer needs; it imports nothing above it.',
      from: { path: '^server/core/' },
      to: { path: '^server/', pathNot: '^server/core/' },
    },
    {
      name: 'domain-not-http',
      severity: 'error',
      comment: 'Commands, queries and policies know nothing of HTTP: errors and contracts come from core/.',
      from: { path: DOMAIN },
      to: { path: '^server/http/' },
    },
    {
      name: 'domain-not-collab',
      severity: 'error',
      comment: 'Domain folders are used by the collaboration server, not the other way round.',
      from: { path: '^server/(accounts|spaces|pages|policies|documents)/' },
      to: { path: '^server/collab/' },
    },
    {
      name: 'policies-own-their-loading',
      severity: 'error',
      comment: 'Policies load the rows they judge themselves; pages/ and spaces/ call policies, never the reverse.',
      from: { path: '^server/policies/' },
      to: { path: '^server/(pages|spaces)/' },
    },
    {
      name: 'not-the-composition-root',
      severity: 'error',
      comment: 'Only the entry points assemble the server; everything else receives Services.',
      from: { path: '^server/', pathNot: [ROOT, ENTRY] },
      to: { path: ROOT },
    },
    {
      name: 'no-deep-library-imports',
      severity: 'error',
      comment: 'Libraries are used through their published entry points; what leans on their internals lives in server/internals/.',
      from: { path: '^(server|shared|client)/', pathNot: '^server/internals/' },
      to: { path: 'node_modules/(@hocuspocus|yjs|y-protocols|lib0)/.*/(src|dist/src)/' },
    },
    {
      name: 'internals-stay-low',
      comment: 'What leans on library internals is used by the layers above it and uses only domain code and core.',
      severity: 'error',
      from: { path: '^server/internals/' },
      to: { path: ['^server/(http|collab|features)/', ROOT] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.json'],
    },
  },
}
