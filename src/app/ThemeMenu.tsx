// The header's Theme menu (Kobalte's DropdownMenu): System, Light or Dark.
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { For } from 'solid-js'
import '../ui/overlays.css'
import { theme, type ThemeChoice } from '../ui/theme'

const LABELS: Array<[ThemeChoice, string]> = [['system', 'System'], ['light', 'Light'], ['dark', 'Dark']]

export function ThemeMenu() {
  return (
    // Not modal: a menu needs no focus trap (Tab and Escape close it), and its trap's sentinels do not belong in role=menu.
    <DropdownMenu modal={false}>
      <DropdownMenu.Trigger class="icon-button theme-button" aria-label="Theme">
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="1.8" />
          <path d="M10 3a7 7 0 0 1 0 14z" fill="currentColor" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <DropdownMenu.Group>
            <DropdownMenu.GroupLabel class="menu-label">Theme</DropdownMenu.GroupLabel>
            <DropdownMenu.RadioGroup value={theme.choice()} onChange={v => theme.choose(v as ThemeChoice)}>
              <For each={LABELS}>
                {([value, label]) => (
                  <DropdownMenu.RadioItem value={value} class="menu-item">
                    <DropdownMenu.ItemIndicator class="menu-indicator" forceMount>
                      {theme.choice() === value ? '●' : ''}
                    </DropdownMenu.ItemIndicator>
                    <DropdownMenu.ItemLabel>{label}</DropdownMenu.ItemLabel>
                  </DropdownMenu.RadioItem>
                )}
              </For>
            </DropdownMenu.RadioGroup>
          </DropdownMenu.Group>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
