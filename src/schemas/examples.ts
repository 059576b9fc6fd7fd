// Examples for the OpenAPI document, drawn from the seed data set as the API
// answers it. examples.json is written by `npm run examples`
// (scripts/write-examples.ts) and kept in step by test/examples.test.ts.
import type { TSchema } from '@sinclair/typebox'
import examples from './examples.json' with { type: 'json' }

const SCHEMA_EXAMPLES: Record<string, unknown> = examples.schemas
const PROBLEM_EXAMPLES: Record<string, unknown> = examples.problems

/** Gives each named schema its seed example (JSON Schema `examples`), where there is one. */
export function attachExamples(schemas: TSchema[]): void {
  for (const schema of schemas) {
    const example = exampleOf(schema.$id)
    if (example !== undefined) schema.examples = [example]
  }
}

/** The seed example of a named schema, by its $id. */
export function exampleOf<T = Record<string, unknown>>(id: string | undefined): T | undefined {
  return id ? (SCHEMA_EXAMPLES[id] as T | undefined) : undefined
}

/** A real problem document answered with this HTTP status, if the examples hold one. */
export function problemExample(status: number): unknown {
  return PROBLEM_EXAMPLES[String(status)]
}

