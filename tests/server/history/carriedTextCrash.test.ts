import { splitBlock, setBlockType } from '@tiptap/pm/commands'
import { describe, expect, it } from 'vitest'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { createPageForTwo } from '../../support/api.ts'
import { BindingEditor } from '../../support/BindingEditor.ts'
import { appendParagraph, connectProvider } from '../../support/providers.ts'
import { spawnedServerPerTest } from '../../support/spawnedServerPerTest.ts'
import { blameByAuthor } from './historyServer.ts'

const spawned = spawnedServerPerTest()
const { providers } = spawned

describe('carried authorship after a crash', { timeout: 120_000 }, () => {
  it('a split and a heading acknowledged before SIGKILL still credit the original author after restart', async () => {
    let server = await spawned.spawn()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    providers.push(a)
    appendParagraph(a.doc, 'Anna wrote this paragraph before Boris restructured it.')
    await a.settled()
    const b = await connectProvider(server.wsUrl, pageId, { token: bob.token })
    providers.push(b)
    const editor = new BindingEditor(b.doc)
    editor.select('before')
    editor.run(splitBlock)
    editor.select('Anna')
    editor.run(setBlockType(documentSchema().nodes.heading, { level: 2 }))
    await b.settled()
    // Acknowledged: kill at once, before any store or revision cut could run.
    expect(await server.kill('SIGKILL')).toBe('SIGKILL')
    for (const p of providers.splice(0)) p.destroy()

    server = await spawned.spawn()
    expect(await blameByAuthor(server.url, pageId, bob.token)).toEqual(new Map([[ann.id, 'Anna wrote this paragraph before Boris restructured it.']]))
  })
})
