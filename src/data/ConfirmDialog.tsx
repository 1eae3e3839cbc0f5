// A confirmation that interrupts (Kobalte's AlertDialog: focus moves into it,
// Escape and Cancel close it, the page behind is inert). The Data page's
// restore and erase ask through it.
import { AlertDialog } from '@kobalte/core/alert-dialog'
import type { JSX } from 'solid-js'

export function ConfirmDialog(props: {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description: JSX.Element
  children?: JSX.Element
  confirm: string
  danger?: boolean
  disabled?: boolean
  onConfirm: () => void
}) {
  return (
    <AlertDialog open={props.open} onOpenChange={props.onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay class="data-dialog-overlay" />
        <div class="data-dialog-positioner">
          <AlertDialog.Content class="card data-dialog">
            <AlertDialog.Title as="h2">{props.title}</AlertDialog.Title>
            <AlertDialog.Description as="div" class="data-dialog-text">{props.description}</AlertDialog.Description>
            {props.children}
            <div class="button-row data-dialog-actions">
              <AlertDialog.CloseButton class="button">Cancel</AlertDialog.CloseButton>
              <button type="button" class={`button ${props.danger ? 'danger' : 'primary'}`} disabled={props.disabled}
                      onClick={() => props.onConfirm()}>
                {props.confirm}
              </button>
            </div>
          </AlertDialog.Content>
        </div>
      </AlertDialog.Portal>
    </AlertDialog>
  )
}
