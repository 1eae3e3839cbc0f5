/**
 * Collects bound parameters while a query is assembled: `params.add(value)`
 * returns the placeholder (`$3`) to write into the SQL text, so values and
 * property names always travel as parameters, never as SQL text.
 */
export class Params {
  readonly values: unknown[] = []
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}
