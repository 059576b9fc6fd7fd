// Column building blocks shared by every resource's table (src/resources/*/table.ts).
// Every enumerated column carries a CHECK built from src/domain/vocabulary.ts.
// Citable tables have an integer `pk` (the SQLite rowid alias) besides the
// public text `id`, so FTS5 external-content indexes can key on a rowid that
// VACUUM never renumbers.
import { sql, type SQL } from 'drizzle-orm'
import { integer, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'

export function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`
}

/**
 * A nullable date column as the list engine sorts it (NULL as ''), for the
 * expression indexes that serve those sorts. It must read exactly as
 * sortKey() in src/engine/list-query.ts writes it (the query-plan test
 * fails otherwise). CASE rather than coalesce(): drizzle-kit splits index
 * expressions at commas.
 */
export function sortable(column: AnySQLiteColumn): SQL {
  return sql`CASE WHEN ${column} IS NULL THEN '' ELSE ${column} END`
}

/** Columns every versioned record has. */
export const versioned = {
  version: integer('version').notNull().default(1),
  created_at: text('created_at').notNull(),
  updated_at: text('updated_at').notNull(),
}

/** A fuzzy date: the text as given plus the first and last day it covers. */
export function fuzzyDate(name: string) {
  return {
    text: text(name),
    start: text(`${name}_start`),
    end: text(`${name}_end`),
  }
}
