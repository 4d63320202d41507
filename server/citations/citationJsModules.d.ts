// The few parts of citation-js (CommonJS, no types of its own) that server/citations uses.
declare module '@citation-js/core' {
  interface Register<T> {
    add(name: string, value: T): void
    has(name: string): boolean
  }
  export const plugins: {
    input: { chain(data: unknown, options?: { forceType?: string; generateGraph?: boolean }): Record<string, unknown>[] }
    config: { get(name: '@csl'): { styles: Register<string> } }
  }
  export class Cite {
    constructor(data?: unknown, options?: { forceType?: string; generateGraph?: boolean })
    data: Record<string, unknown>[]
    format(format: 'bibtex' | 'data', options?: { format?: 'text' }): string
    format(format: 'bibliography', options: { format: 'html' | 'text'; template: string; lang?: string; asEntryArray: true }): [string, string][]
  }
}
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-csl'
