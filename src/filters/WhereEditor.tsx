// Conditions on an event's own properties (a behaviour's where): property
// conditions whose picker lists that event's properties with their types.
// A where from a link may hold groups or "or": those are shown as words and
// can be removed; the builder adds plain conditions joined by "and".
import { Index, Show } from 'solid-js'
import { describe, isGroup, MAX_DEPTH, newProperty, type Group, type PropertyCondition } from './model'
import type { Ctx } from './context'
import { Action } from './Action'
import { PropertyEditor } from './PropertyEditor'

export function WhereEditor(props: {
  where: Group | undefined
  event: string
  onChange: (where: Group | undefined) => void
  ctx: Ctx
  /** the nesting level of the condition's group: a where is one level below it */
  level: number
  /** names the group for screen readers ("Event properties", "Step 2 event properties") */
  label?: string
}) {
  const where = () => props.where ?? { op: 'and' as const, filters: [] }
  const set = (g: Group) => props.onChange(g.filters.length ? g : undefined)
  const full = () => props.level + 1 > MAX_DEPTH
  return (
    <div class="where" role="group" aria-label={props.label ?? 'Event properties'}>
      <Index each={where().filters}>
        {(node, i) => (
          <div class="where-row">
            <span class="lead-word">{i === 0 ? 'where' : where().op}</span>
            <Show when={!isGroup(node()) && (node() as PropertyCondition)} fallback={<span class="where-words">{describe(node())}</span>}>
              {c => (
                <PropertyEditor cond={c()} event={props.event} ctx={props.ctx} level={props.level + 1}
                                onChange={n => set({ ...where(), filters: where().filters.map((x, j) => (j === i ? n : x)) })} />
              )}
            </Show>
            <Action class="icon-button" aria-label={`Remove event property condition ${i + 1}`}
                    onAct={() => set({ ...where(), filters: where().filters.filter((_, j) => j !== i) })}>×</Action>
          </div>
        )}
      </Index>
      <Action class="link-button" disabled={full()}
              title={full() ? `Groups nest at most ${MAX_DEPTH} levels, and event properties are one level below this condition` : undefined}
              onAct={() => set({ ...where(), filters: [...where().filters, newProperty()] })}>
        + Event property
      </Action>
    </div>
  )
}
