// The OpenAPI document as the app generates it, from an empty throwaway database.
import { buildApp } from './app.js'

export async function openApiDocument(): Promise<Record<string, any>> {
  const app = await buildApp({ config: { dbPath: ':memory:', seed: false } })
  try {
    await app.ready()
    return app.swagger() as unknown as Record<string, any>
  } finally {
    await app.close()
  }
}
