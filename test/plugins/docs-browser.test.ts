// The /docs page in a real browser (Debian's Chromium, driven by
// playwright-core): every tag and operation of the document is on the page,
// and "Try it out" on listEvents calls the live server and shows its answer.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import t from 'tap'
import { json, makeApp } from '../helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const METHODS = ['get', 'put', 'post', 'patch', 'delete']

// Starting a browser on a busy 2-core machine takes a while.
t.setTimeout(240_000)

if (!existsSync(CHROMIUM)) {
  t.plan(0, `skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`)
} else {
  t.test('/docs shows every tag and operation, and Try it out calls the server', async (t) => {
    const app = await makeApp(t)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const doc = json(await app.inject({ url: '/openapi.json' }))

    const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'))
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    t.teardown(async () => {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    })
    const page = browser.pages()[0] ?? (await browser.newPage())
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    // The security headers' Content-Security-Policy must block nothing the page needs.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
    })
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().startsWith('CSP violation')) pageErrors.push(m.text())
    })
    const offsite: string[] = []
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:')) offsite.push(req.url())
    })

    const res = await page.goto(`${base}/docs`)
    t.match(String(res?.headers()['content-security-policy']), /script-src 'self'/, 'the page is served under the CSP')
    await page.waitForSelector('.opblock-tag', { timeout: 60_000 })
    t.equal((await page.textContent('.info .title'))?.replace(/\s+/g, ' ').trim(), `${doc.info.title} ${doc.info.version} OAS 3.1`, 'the title and version are shown')

    const tags = await page.$$eval('.opblock-tag', (els) => els.map((e) => e.getAttribute('data-tag')))
    t.same(tags, doc.tags.map((tag: { name: string }) => tag.name), 'every tag, in the order of the document')

    const expected: string[] = []
    for (const item of Object.values<Record<string, { operationId: string; tags: string[] }>>(doc.paths)) {
      for (const m of METHODS) if (item[m]) expected.push(`operations-${item[m].tags[0]}-${item[m].operationId}`)
    }
    const shown = await page.$$eval('.opblock', (els) => els.map((e) => e.id))
    t.same([...shown].sort(), [...expected].sort(), `all ${expected.length} operations are on the page`)
    const ids = await page.$$eval('.opblock .opblock-summary-operation-id', (els) => els.map((e) => e.textContent))
    t.equal(ids.length, expected.length, 'each shows its operationId (the SDK function name)')

    // Try it out: listEvents, with the parameters the page fills in.
    const op = page.locator('#operations-Events-listEvents')
    await op.locator('.opblock-summary').click()
    await op.locator('.try-out__btn').click()
    await op.locator('.execute').click()
    const status = op.locator('.live-responses-table .response .response-col_status')
    await status.waitFor({ timeout: 60_000 })
    t.equal((await status.textContent())?.trim(), '200', 'the live answer is 200')
    const requestUrl = (await op.locator('.request-url pre').textContent())!.trim()
    t.ok(requestUrl.startsWith(`${base}/v1/events`), `the call went to this server: ${requestUrl}`)
    const body = JSON.parse((await op.locator('.live-responses-table .response .response-col_description pre').first().textContent())!)
    const direct = json(await app.inject({ url: requestUrl.slice(base.length) }))
    t.ok(body.data.length > 0, `the page shows ${body.data.length} events`)
    t.same(body.data.map((e: { id: string }) => e.id), direct.data.map((e: { id: string }) => e.id), 'the same events the API returns for that URL')

    t.same(pageErrors, [], 'no script errors and no CSP violations')
    t.same(offsite, [], 'the page loads nothing from elsewhere')
  })
}
