import { isProposalDocument, proposalIdOf } from '../../shared/proposalDocument.ts'

/** Where a collaboration document's state, log and client owners are stored. */
export interface DocumentTables {
  /** The page's or proposal's id. */
  id: string
  owner: 'pages' | 'proposals'
  key: 'page_id' | 'proposal_id'
  states: 'page_documents' | 'proposal_documents'
  updates: 'page_updates' | 'proposal_updates'
  clients: 'page_clients' | 'proposal_clients'
}

const PAGE = { owner: 'pages', key: 'page_id', states: 'page_documents', updates: 'page_updates', clients: 'page_clients' } as const
const PROPOSAL = { owner: 'proposals', key: 'proposal_id', states: 'proposal_documents', updates: 'proposal_updates', clients: 'proposal_clients' } as const

/**
 * The tables of a document, from its name: a page id, or `proposal:<id>` (a proposal's branch
 * of a page). Table names come only from these constants; values are always parameters.
 */
export function documentTables(documentName: string): DocumentTables {
  if (!isProposalDocument(documentName)) return { id: documentName, ...PAGE }
  const id = proposalIdOf(documentName)
  if (!id) throw new Error(`not a proposal document name: ${documentName}`)
  return { id, ...PROPOSAL }
}
