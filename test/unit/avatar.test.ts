import { describe, expect, it } from 'vitest'
import { avatarUrl } from '../../src/ui/avatar'

describe('avatarUrl', () => {
  const origin = 'http://localhost:4173'
  it('loads an http(s) image from the app itself', () => {
    expect(avatarUrl({ $avatar: ' http://localhost:4173/icons/a.png ' }, origin)).toBe('http://localhost:4173/icons/a.png')
  })
  it('never loads one from elsewhere: that would be a request leaving the device', () => {
    expect(avatarUrl({ $avatar: 'https://images.example.com/a.png' }, origin)).toBeNull()
  })
  it('never loads another scheme, or anything that is not a URL', () => {
    for (const v of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'a.png', '', 42, null]) {
      expect(avatarUrl({ $avatar: v }, origin)).toBeNull()
    }
    expect(avatarUrl({}, origin)).toBeNull()
  })
})
