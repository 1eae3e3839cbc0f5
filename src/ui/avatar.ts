/**
 * `$avatar` when the app may load it: an http(s) URL (any other scheme is
 * never loaded) on this app's own origin. Images elsewhere would be requests
 * leaving the device, which the app never makes; those users show initials.
 */
export function avatarUrl(properties: Record<string, unknown>, origin = globalThis.location?.origin): string | null {
  const v = properties.$avatar
  if (typeof v !== 'string') return null
  try {
    const u = new URL(v.trim())
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null
    return u.origin === origin ? u.href : null
  } catch {
    return null
  }
}

