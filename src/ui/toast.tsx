// Short confirmations ("Saved the cohort …"), on Kobalte's Toast: announced to
// screen readers (a polite live region), closing on their own after a while
// unless hovered or focused, reachable with Alt+T, and dismissable.
import { Toast, toaster } from '@kobalte/core/toast'
import { Portal } from 'solid-js/web'
import './overlays.css'

const DURATION_MS = 5000

/** Shows a confirmation. */
export function notify(message: string): void {
  toaster.show(props => (
    <Toast toastId={props.toastId} class="toast" as="div">
      <Toast.Description class="toast-text">{message}</Toast.Description>
      <Toast.CloseButton class="icon-button toast-close" aria-label="Dismiss">×</Toast.CloseButton>
    </Toast>
  ))
}

/** Where the confirmations show: once, in the app's shell. */
export function Toasts() {
  return (
    <Portal>
      <Toast.Region duration={DURATION_MS} limit={3} aria-label="Notifications (Alt+T)">
        {/* Not a list: each toast is a status (a live region), which a list may not hold (axe: list). */}
        <Toast.List class="toast-list" as="div" />
      </Toast.Region>
    </Portal>
  )
}
