// The profile page's "Export activity": the user's events as Mixpanel
// raw-export NDJSON, through the Export dialog.
import { createSignal, Show } from 'solid-js'
import { ExportDialog } from './ExportDialog'

export function ExportActivity(props: { distinctId: string; events: number }) {
  const [open, setOpen] = createSignal(false)
  return (
    <div class="export-activity">
      <button type="button" class="button" onClick={() => setOpen(true)}>Export activity</button>
      <Show when={open()}>
        <ExportDialog subject={{ kind: 'activity', distinctId: props.distinctId, events: props.events }} onClose={() => setOpen(false)} />
      </Show>
    </div>
  )
}
