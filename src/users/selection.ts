// Row selection in the Users grid: single rows (checkbox), shift-click ranges,
// and "select all that match" (then the set holds the exceptions).
import { batch, createSignal } from 'solid-js'

export type RangeIds = (from: number, to: number) => Promise<string[]>

export function createSelection(total: () => number) {
  const [all, setAll] = createSignal(false)
  const [ids, setIds] = createSignal<ReadonlySet<string>>(new Set())
  let anchor: number | null = null

  const isSelected = (id: string) => (all() ? !ids().has(id) : ids().has(id))

  function set(list: string[], selected: boolean) {
    const next = new Set(ids())
    // with "all", the set holds the rows left out
    const add = all() ? !selected : selected
    for (const id of list) add ? next.add(id) : next.delete(id)
    setIds(next)
  }

  return {
    all,
    ids,
    isSelected,
    count: () => (all() ? Math.max(0, total() - ids().size) : ids().size),
    /** A click on row `index`'s checkbox; with shift, every row from the last click to this one follows it. */
    async toggle(id: string, index: number, shift: boolean, range: RangeIds) {
      const selected = !isSelected(id)
      if (shift && anchor !== null && anchor !== index) {
        const [from, to] = anchor < index ? [anchor, index] : [index, anchor]
        const list = await range(from, to)
        set(list, selected)
      } else {
        set([id], selected)
      }
      anchor = index
    },
    selectAll() {
      batch(() => { setAll(true); setIds(new Set<string>()) })
    },
    clear() {
      anchor = null
      batch(() => { setAll(false); setIds(new Set<string>()) })
    },
  }
}

export type Selection = ReturnType<typeof createSelection>
