// Light or dark: the user's choice (remembered in this browser), or the
// system's (prefers-color-scheme, followed live). The page shows it through
// <html data-theme>, which public/theme.js already set before the first paint.
import { createRoot, createSignal } from 'solid-js'

export type ThemeChoice = 'system' | 'light' | 'dark'

const KEY = 'cohortlite.theme'
const CHOICES: ThemeChoice[] = ['system', 'light', 'dark']

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY)
    return CHOICES.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'system'
  } catch {
    return 'system'
  }
}

function createTheme() {
  const media = matchMedia('(prefers-color-scheme: dark)')
  const [choice, setChoice] = createSignal<ThemeChoice>(stored())
  const [systemDark, setSystemDark] = createSignal(media.matches)
  const dark = () => choice() === 'dark' || (choice() === 'system' && systemDark())
  const apply = () => { document.documentElement.dataset.theme = dark() ? 'dark' : 'light' }
  media.addEventListener('change', e => { setSystemDark(e.matches); apply() })
  apply()
  return {
    choice,
    dark,
    choose(next: ThemeChoice) {
      setChoice(next)
      try {
        if (next === 'system') localStorage.removeItem(KEY)
        else localStorage.setItem(KEY, next)
      } catch { /* storage off: for this visit only */ }
      apply()
    },
  }
}

export const theme = createRoot(() => createTheme())
