import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('account settings')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld()

  it('changes the password from the user menu, showing each refusal, then signs out everywhere', async () => {
    const user = await signUpUser(world.server.url, 'settings')
    const { pageId } = await createSpaceWithPage(world.server.url, user.token)
    const otherDevice = await api(world.server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: 'correct horse battery' } })
    const me = (token: string) => api(world.server.url, 'GET', '/api/auth/me', { token })

    const { page, errors } = await world.person(user.token)
    await page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(page, 'saved')
    await page.getByRole('button', { name: /account menu/u }).click()
    await page.getByRole('link', { name: 'Account settings' }).click()
    await page.waitForURL('**/account')
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Account settings')

    const form = page.getByRole('form', { name: 'Change password' })
    const change = async (current: string, next: string, again = next) => {
      await form.getByLabel('Current password').fill(current)
      await form.getByLabel('New password', { exact: true }).fill(next)
      await form.getByLabel('New password again').fill(again)
      await form.getByRole('button', { name: 'Change password' }).click()
    }
    await change('not my password', 'a long new passphrase')
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: 15_000 }).toBe('The current password is not right.')
    await change('correct horse battery', 'a long new passphrase', 'a long new passfrase')
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: 15_000 }).toBe('The new password and its repetition differ.')
    await change('correct horse battery', 'qwertyuiop')
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: 15_000 }).toMatch(/one of the most common ones/u)
    await change('correct horse battery', 'a long new passphrase')
    await expect.poll(() => form.getByRole('status').innerText(), { timeout: 15_000 }).toBe('Your password has been changed, and your other session has been signed out.')
    expect((await me(otherDevice.body.token)).status).toBe(401)
    expect((await me(user.token)).status).toBe(200)

    await page.getByRole('button', { name: 'Sign out everywhere' }).click()
    await page.waitForURL('**/sign-in')
    expect((await me(user.token)).status).toBe(401)
    expect(errors.filter((error) => !/^(403|400) POST \/api\/auth\/password$/u.test(error))).toEqual([])
  })
})
