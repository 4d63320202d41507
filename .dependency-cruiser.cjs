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
const ROOT = '^server/((main|serve|start|dev|features|createPalimpsest|openConfiguredDb)[.]ts$|features/)'
const ENTRY = '^server/((main|start|dev)[.]ts|seed/seedCommand[.]ts|transfer/(backup|restore)Command[.]ts)$'

/** A rule: no import from `from` to `to`; `comment` says why (npm run deps prints it). */
const never = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to })

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    never('no-circular', 'A cycle makes both ends one module in disguise; split the shared part out.',
      {}, { circular: true }),
    never('shared-stays-shared', 'shared/ is imported by the browser and the server alike, so it imports neither.',
      { path: '^shared/' }, { path: '^(server|client|tests)/' }),
    never('client-not-server', 'The browser bundle never pulls in server code; what both need lives in shared/.',
      { path: '^client/' }, { path: '^server/' }),
    never('server-not-client', 'The server never imports the browser app.',
      { path: '^server/' }, { path: '^client/' }),
    never('core-is-the-bottom', 'core/ holds what every layer needs; it imports nothing above it.',
      { path: '^server/core/' }, { path: '^server/', pathNot: '^server/core/' }),
    never('domain-not-http', 'Commands, queries and policies know nothing of HTTP: errors and contracts come from core/.',
      { path: DOMAIN }, { path: '^server/http/' }),
    never('domain-not-collab', 'Domain folders are used by the collaboration server, not the other way round.',
      { path: '^server/(accounts|spaces|pages|policies|documents)/' }, { path: '^server/collab/' }),
    never('policies-own-their-loading', 'Policies load the rows they judge themselves; pages/ and spaces/ call policies, never the reverse.',
      { path: '^server/policies/' }, { path: '^server/(pages|spaces)/' }),
    never('not-the-composition-root', 'Only the entry points assemble the server; everything else receives Services.',
      { path: '^server/', pathNot: [ROOT, ENTRY] }, { path: ROOT }),
    never('no-deep-library-imports', 'Libraries are used through their published entry points; what leans on their internals lives in server/internals/.',
      { path: '^(server|shared|client)/', pathNot: '^server/internals/' }, { path: 'node_modules/(@hocuspocus|yjs|y-protocols|lib0)/.*/(src|dist/src)/' }),
    never('internals-stay-low', 'What leans on library internals is used by the layers above it and uses only domain code and core.',
      { path: '^server/internals/' }, { path: ['^server/(http|collab|features)/', ROOT] }),
    never('not-to-unresolvable', 'An import that resolves to nothing is a typo or a missing dependency.',
      {}, { couldNotResolve: true }),
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
