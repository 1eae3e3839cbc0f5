// The app's dialogs, on Kobalte's Dialog and AlertDialog: focus moves in and
// stays inside while it is open, Escape and a click outside close it, the page
// behind is hidden from screen readers and does not scroll; when it closes,
// focus goes back to the control that opened it (whichever of several).
import { Content as AlertDialogContent } from '@kobalte/core/alert-dialog'
// The named parts: Kobalte's AlertDialog object is its Dialog object with
// Content replaced (Object.assign on one shared function), so `Dialog.Content`
// from the default export turns into the alert's once alert-dialog is loaded.
import * as Dialog from '@kobalte/core/dialog'
import './overlays.css'
import { createComputed, on, type JSX, type ParentProps } from 'solid-js'

const focused = () => (document.activeElement instanceof HTMLElement ? document.activeElement : null)

export interface ModalProps {
  /** open unless false (a Modal under <Show> is open while shown) */
  open?: boolean
  onClose: () => void
  title: JSX.Element
  /** a confirmation (role alertdialog) rather than a dialog */
  alert?: boolean
  /** while busy, Escape and a click outside do not close it */
  busy?: boolean
  class?: string
  /** what to focus on opening; the first focusable element otherwise */
  initialFocus?: () => HTMLElement | null | undefined
}

export function Modal(props: ParentProps<ModalProps>) {
  // Read as it opens, before the dialog mounts and takes the focus.
  let opener: HTMLElement | null = null
  createComputed(on(() => props.open ?? true, open => { if (open) opener = focused() }))
  const Content = props.alert ? AlertDialogContent : Dialog.Content
  return (
    <Dialog.Root open={props.open ?? true} modal onOpenChange={open => { if (!open) props.onClose() }}>
      <Dialog.Portal>
        <Dialog.Overlay class="modal-backdrop" />
        <div class="modal-position">
          <Content
            class={`modal card ${props.class ?? ''}`}
            onOpenAutoFocus={e => {
              const target = props.initialFocus?.()
              if (target) { e.preventDefault(); target.focus() }
            }}
            onCloseAutoFocus={e => {
              e.preventDefault()
              if (opener?.isConnected) opener.focus()
            }}
            onEscapeKeyDown={e => { if (props.busy) e.preventDefault() }}
            onPointerDownOutside={e => { if (props.busy) e.preventDefault() }}
          >
            <Dialog.Title class="modal-title">{props.title}</Dialog.Title>
            {props.children}
          </Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
