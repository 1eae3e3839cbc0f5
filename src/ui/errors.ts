/** The message of anything thrown, here or across the worker (Comlink rethrows an Error with its message). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}
