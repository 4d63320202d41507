import { readFileSync } from 'node:fs'
import { Cite, plugins } from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-csl'
import '@citation-js/plugin-ris'

/** The styles shipped as CSL files beside this module (APA and Vancouver come with plugin-csl). */
const BUNDLED = ['chicago-author-date', 'modern-language-association']

let registered = false

/** citation-js with the BibTeX, RIS and CSL plugins and our bundled styles registered (once). */
export function citationJs(): { Cite: typeof Cite; plugins: typeof plugins } {
  if (!registered) {
    const templates = plugins.config.get('@csl').styles
    for (const name of BUNDLED) {
      if (!templates.has(name)) templates.add(name, readFileSync(new URL(`./styles/${name}.csl`, import.meta.url), 'utf8'))
    }
    registered = true
  }
  return { Cite, plugins }
}
