// A button of the builder that first finishes what is being typed, then acts.
//
// A value typed into a box is taken when the box loses focus; taking it can
// change the layout (a chip appears, "incomplete" goes away). A plain button
// loses focus to it on mousedown, moves while the layout settles, and the
// mouseup lands elsewhere: the click is dropped. So the press keeps the focus
// where it is (no layout change while the button is held) and the click
// itself takes the typed value, then acts.
import { splitProps, type JSX } from 'solid-js'

export function Action(props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { onAct: () => void }) {
  const [own, rest] = splitProps(props, ['onAct'])
  return (
    <button type="button" {...rest}
            onMouseDown={e => e.preventDefault()}
            onClick={e => {
              const button = e.currentTarget
              const active = document.activeElement
              if (active instanceof HTMLElement && active !== button) active.blur()
              own.onAct()
              // Keyboard users go on from here (a removed button has no place to go on from).
              if (button.isConnected && document.activeElement === document.body) button.focus({ preventScroll: true })
            }} />
  )
}
