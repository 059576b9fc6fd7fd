// /docs renders in a real browser under the security headers: the content
// security policy blocks nothing swagger-ui needs.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import t from 'tap'
import { makeApp } from './helpers.js'

const CHROMIUM = '/usr/bin/chromium'
// Starting a browser on a busy two-core machine takes a while.
t.setTimeout(120_000)

t.test('swagger-ui renders the API with no CSP violation', { skip: existsSync(CHROMIUM) ? false : 'no Chromium at /usr/bin/chromium' }, async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  const res = await page.goto(`${base}/docs`)
  t.equal(res?.status(), 200)
  t.match(String(res?.headers()['content-security-policy']), /script-src 'self'/, 'the page is served under the CSP')
  await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 })
  t.match(await page.textContent('.swagger-ui .info .title'), /Parley API/)
  await page.waitForSelector('#operations-Events-listEvents', { timeout: 30_000 })
  t.ok(await page.isVisible('.swagger-ui .auth-wrapper .authorize'), 'the Authorize button offers the bearer scheme')
  t.same(problems, [], 'no console errors or CSP violations')
})
