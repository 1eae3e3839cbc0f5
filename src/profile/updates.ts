// Writing a profile from the UI: one Engage update through the engine, its
// refusal (if any) returned as the engine's own message.
import type { ProfileAction, ProfileUpdate } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'

/** Which profile: a user (groupKey '') or a group profile. */
export interface ProfileRef { groupKey: string; id: string }

export function identity(ref: ProfileRef): Record<string, string> {
  return ref.groupKey ? { $group_key: ref.groupKey, $group_id: ref.id } : { $distinct_id: ref.id }
}

/** Applies one update; resolves to null when applied, else to the refusal's message. */
export async function applyUpdate(ref: ProfileRef, ops: Record<string, unknown>): Promise<string | null> {
  const update: ProfileUpdate = { ...identity(ref), ...ops }
  try {
    const summary = await db.api().applyProfileUpdates([update])
    if (summary.errors.length > 0) return summary.errors.map(e => e.message).join('; ')
  } catch (error) {
    return messageOf(error)
  }
  await db.changed()
  return null
}

/**
 * An edit of the profile page, as an action on this one profile: the engine
 * keeps its undo (the page's undo bar). Resolves to null when applied, else
 * to the refusal's message.
 */
export async function applyAction(ref: ProfileRef, action: ProfileAction): Promise<string | null> {
  try {
    await db.api().runAction({ ids: [ref.id], ...(ref.groupKey ? { groupKey: ref.groupKey } : {}) }, action)
  } catch (error) {
    return messageOf(error)
  }
  await db.changed()
  return null
}

/** The profile page's URL for a user or a group profile. */
export function profileHref(ref: ProfileRef): string {
  return ref.groupKey
    ? `/groups/${encodeURIComponent(ref.groupKey)}/${encodeURIComponent(ref.id)}`
    : `/users/${encodeURIComponent(ref.id)}`
}
