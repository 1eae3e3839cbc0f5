// Where a file import starts: drop a file, or choose one. The file input is
// visually hidden inside its label, which is styled as the button; the
// label draws the focus ring when the input has keyboard focus (import.css).
import { createSignal, type JSX } from 'solid-js'

export function DropZone(props: {
  /** the chooser button's text, e.g. "Choose a CSV file" */
  choose: string
  accept: string
  disabled: boolean
  onFile: (file: File) => void
  testId?: string
  prompt?: string
  children?: JSX.Element
}) {
  const [dragging, setDragging] = createSignal(false)
  const take = (file: File | null | undefined) => { if (file && !props.disabled) props.onFile(file) }
  return (
    <div
      class="drop-zone"
      classList={{ dragging: dragging() }}
      data-testid={props.testId}
      onDragEnter={e => { e.preventDefault(); setDragging(true) }}
      onDragOver={e => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy' }}
      onDragLeave={() => setDragging(false)}
      onDrop={e => { e.preventDefault(); setDragging(false); take(e.dataTransfer?.files?.[0]) }}
    >
      <p>{props.prompt ?? 'Drop a file here, or'}</p>
      <label class="button file-button" classList={{ disabled: props.disabled }}>
        {props.choose}
        <input class="sr-only" type="file" accept={props.accept} disabled={props.disabled}
          onChange={e => { take(e.currentTarget.files?.[0]); e.currentTarget.value = '' }} />
      </label>
      {props.children}
    </div>
  )
}
