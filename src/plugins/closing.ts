// While the server shuts down, every answer says `Connection: close`: a
// request that was in flight gets its answer and its connection ends with it,
// rather than idling until the keep-alive timeout holds the exit up.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export default fp(
  async function closing(app: FastifyInstance) {
    let closing = false
    app.addHook('preClose', async () => {
      closing = true
    })
    // A callback hook: an async one costs a promise on every answer.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('Connection', 'close')
      done(null, payload)
    })
  },
  { name: 'closing' },
)
