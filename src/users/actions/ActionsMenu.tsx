// The actions menu (Kobalte's DropdownMenu) of the selection bar and of the
// "For all N matching" button: each item opens the action's dialog.
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { For } from 'solid-js'
import '../../ui/overlays.css'
import { ACTION_LABELS, type ActionKind } from './describe'

export function ActionsMenu(props: { label: string; kinds: ActionKind[]; onPick: (kind: ActionKind) => void; disabled?: boolean }) {
  return (
    <DropdownMenu modal={false}>
      <DropdownMenu.Trigger class="button small actions-trigger" disabled={props.disabled}>
        {props.label} <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <For each={props.kinds}>
            {kind => (
              <DropdownMenu.Item class="menu-item" classList={{ 'danger-text': kind === 'delete' }} onSelect={() => props.onPick(kind)}>
                <DropdownMenu.ItemLabel>{ACTION_LABELS[kind]}</DropdownMenu.ItemLabel>
              </DropdownMenu.Item>
            )}
          </For>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
