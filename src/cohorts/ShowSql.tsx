// "Show SQL": the query the engine runs for a filter or a cohort (its
// explain()), read-only and copyable, for people who want to check what a
// count means. The parameters are listed under the SQL by number.
import { createResource, createSignal, Show } from 'solid-js'
import type { UsersQuery } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { Modal } from '../ui/Modal'

/** The SQL with its parameters as a comment, as copied. */
export function sqlText(sql: string, params: unknown[]): string {
  const lines = params.map((v, i) => `--   $${i + 1} = ${JSON.stringify(v)}`)
  return `${sql};\n${lines.length ? `-- parameters:\n${lines.join('\n')}\n` : ''}`
}

export function ShowSqlDialog(props: { query: UsersQuery; what: string; onClose: () => void }) {
  const [explained] = createResource(() => props.query, async q => {
    try {
      const { sql, params } = await db.api().explain(q)
      return { text: sqlText(sql, params) }
    } catch (e) {
      return { error: messageOf(e) }
    }
  })
  const [copied, setCopied] = createSignal(false)
  let area!: HTMLTextAreaElement
  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      // No clipboard permission (some embedded and headless browsers): copy the selection.
      area.select()
      document.execCommand('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <Modal title={`SQL for ${props.what}`} onClose={props.onClose} class="sql-dialog">
      <p class="muted small">The query the engine runs to list these users (a count runs <code>select count(*)</code> over the same rows). Values travel as the numbered parameters.</p>
      <Show when={explained()} fallback={<p aria-busy="true"><span class="spinner" aria-hidden="true" /> Compiling…</p>}>
        {r => (
          <Show when={'text' in r() ? (r() as { text: string }).text : undefined}
                fallback={<p class="error-text" role="alert">Could not show the SQL: {(r() as { error: string }).error}</p>}>
            {text => (
              <>
                <textarea ref={area} class="sql-text" aria-label="SQL" readOnly rows={Math.min(24, text().split('\n').length + 1)}
                          spellcheck={false} value={text()} />
                <div class="button-row dialog-actions">
                  <span class="muted" role="status">{copied() ? 'Copied' : ''}</span>
                  <button type="button" class="button" onClick={() => void copy(text())}>Copy SQL</button>
                  <button type="button" class="button primary" onClick={() => props.onClose()}>Close</button>
                </div>
              </>
            )}
          </Show>
        )}
      </Show>
    </Modal>
  )
}
