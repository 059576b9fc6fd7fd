// Bytes that are not UTF-8 are refused with a 400 naming where, never stored as U+FFFD.
import t from 'tap'
import { invalidUtf8Offset } from '../../src/lib/utf8.js'
import { generatedLines } from '../data-helpers.js'
import { AUTH, json, makeApp, snapshot } from '../helpers.js'

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

t.test('a JSON body with invalid UTF-8 is a 400 naming the byte offset', async (t) => {
  const app = await makeApp(t)
  const before = snapshot(app)
  const prefix = '{"title":"Bad '
  const body = bytes(prefix, [0xc3, 0x28], ' bytes","category":"AID","status":"occurred"}')
  for (const type of ['application/json', 'application/json; charset=utf-8']) {
    const res = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...AUTH, 'content-type': type }, payload: body })
    t.equal(res.statusCode, 400, type)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    const problem = json(res)
    t.equal(problem.code, 'invalid_encoding')
    t.equal(problem.offset, prefix.length)
    t.match(problem.detail, `offset ${prefix.length} (0xC3)`)
  }
  const patch = await app.inject({ method: 'PATCH', url: '/v1/events/evt_whatever', headers: { ...AUTH, 'content-type': 'application/merge-patch+json' }, payload: bytes('{"title":"', [0xff], '"}') })
  t.equal(patch.statusCode, 400)
  t.equal(json(patch).code, 'invalid_encoding')
  t.same(snapshot(app), before, 'nothing was written')

  const good = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...AUTH, 'content-type': 'application/json' }, payload: bytes('{"title":"Caf', [0xc3, 0xa9], ' 😀","category":"AID","status":"occurred"}') })
  t.equal(good.statusCode, 201, good.body)
  t.equal(json(good).title, 'Café 😀', 'valid multi-byte text still works')
  const empty = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '' })
  t.equal(json(empty).code, 'invalid_json')
})

t.test('an NDJSON import with an invalid UTF-8 line is refused, naming the line and offset', async (t) => {
  const app = await makeApp(t)
  const before = snapshot(app)
  const lines = generatedLines(3)
  const head = lines.slice(0, 2).join('\n') + '\n'
  const body = bytes(head, '{"x":"', [0xe2, 0x82], '"}\n', lines[2]!, '\n')
  for (const query of ['?dry_run=true', '']) {
    const res = await app.inject({ method: 'POST', url: `/v1/import${query}`, headers: { ...AUTH, 'content-type': 'application/x-ndjson' }, payload: body })
    t.equal(res.statusCode, 400, res.body)
    const problem = json(res)
    t.equal(problem.code, 'invalid_encoding')
    t.equal(problem.line, 3)
    t.equal(problem.offset, Buffer.byteLength(head) + 6)
  }
  t.same(snapshot(app), before, 'nothing was written')
})

t.test('invalidUtf8Offset', async (t) => {
  t.equal(invalidUtf8Offset(Buffer.from('plain ascii and ünïcödé 😀')), -1)
  t.equal(invalidUtf8Offset(Buffer.from([0x61, 0x80])), 1, 'a lone continuation byte')
  t.equal(invalidUtf8Offset(Buffer.from([0x61, 0xc0, 0x80])), 1, 'an overlong form')
  t.equal(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80])), 0, 'a surrogate')
  t.equal(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0xf0, 0x9f, 0x98])), 2, 'a truncated sequence')
  t.equal(invalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0, 'past U+10FFFF')
  t.equal(invalidUtf8Offset(Buffer.from([0xe0, 0x80, 0x80])), 0, 'overlong three-byte')
})
