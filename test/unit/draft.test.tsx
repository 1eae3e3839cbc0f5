// createDraft (src/ui/draft.ts): an edit is committed after a pause, a view
// change carries it (flush), a committed value that changes meanwhile never
// overwrites it, and the pending commit is cancelled when the owner goes.
import { createRoot, createSignal } from 'solid-js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDraft } from '../../src/ui/draft'

beforeEach(() => { vi.useFakeTimers() })
afterEach(() => { vi.useRealTimers() })

function setup(initial = '') {
  const [url, setUrl] = createSignal(initial)
  const commits: string[] = []
  let dispose!: () => void
  const draft = createRoot(d => {
    dispose = d
    return createDraft<string, string>({
      committed: url,
      commit: v => { commits.push(v); setUrl(v) },
      wait: 250,
      toCommitted: t => (t.length > 10 ? undefined : t.trim()),
      fromCommitted: v => v,
    })
  })
  return { url, setUrl, commits, draft, dispose }
}

describe('createDraft', () => {
  it('commits after the pause, once, with the last edit', () => {
    const { draft, commits } = setup()
    draft.set('p')
    draft.set('pr')
    draft.set('pro ')
    expect(draft.pending()).toBe(true)
    vi.advanceTimersByTime(249)
    expect(commits).toEqual([])
    vi.advanceTimersByTime(1)
    expect(commits).toEqual(['pro'])
    expect(draft.pending()).toBe(false)
    expect(draft.value()).toBe('pro ')
  })

  it('keeps a pending edit when the committed value changes meanwhile, and commits it on top', async () => {
    const { draft, setUrl, commits } = setup('a')
    draft.set('edited')
    setUrl('b') // e.g. back/forward within the pause
    await Promise.resolve()
    expect(draft.value()).toBe('edited')
    vi.advanceTimersByTime(250)
    expect(commits).toEqual(['edited'])
  })

  it('follows the committed value when nothing is pending', async () => {
    const { draft, setUrl } = setup('a')
    setUrl('b')
    await Promise.resolve()
    expect(draft.value()).toBe('b')
  })

  it('flush hands the edit to a view change and cancels the commit', () => {
    const { draft, commits } = setup('a')
    draft.set('  typed ')
    expect(draft.flush()).toBe('typed')
    expect(draft.pending()).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(commits).toEqual([])
  })

  it('an edit back to the committed value cancels the commit', () => {
    const { draft, commits } = setup('a')
    draft.set('ab')
    draft.set('a')
    expect(draft.pending()).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(commits).toEqual([])
  })

  it('a draft with no committed form is kept as typed and not committed', async () => {
    const { draft, setUrl, commits } = setup('a')
    draft.set('far too long to commit')
    vi.advanceTimersByTime(1000)
    expect(commits).toEqual([])
    expect(draft.flush()).toBe('a')
    setUrl('b')
    await Promise.resolve()
    expect(draft.value()).toBe('far too long to commit')
  })

  it('the pending commit is cancelled when the owner is disposed', () => {
    const { draft, commits, dispose } = setup('a')
    draft.set('b')
    dispose()
    vi.advanceTimersByTime(1000)
    expect(commits).toEqual([])
  })
})
