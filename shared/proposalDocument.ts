const PREFIX = 'proposal:'
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u

/** The collaboration document name of a proposal: never a page id, so it never opens a page. */
export function proposalDocumentName(proposalId: string): string {
  return `${PREFIX}${proposalId}`
}

/** The proposal id a document name stands for (canonical spelling only), or null for a page's. */
export function proposalIdOf(documentName: string): string | null {
  if (!documentName.startsWith(PREFIX)) return null
  const id = documentName.slice(PREFIX.length)
  return CANONICAL_UUID.test(id) ? id : null
}

/** Whether a document name is a proposal's (even a malformed one). */
export function isProposalDocument(documentName: string): boolean {
  return documentName.startsWith(PREFIX)
}
