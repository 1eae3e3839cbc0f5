// A running action on profiles, or its undo, as the pages see it (src/ui/operation.ts).
import type { ActionProgress } from '../../../workers/engine/types'
import { createOperation } from '../../ui/operation'

export const createActionRun = () => createOperation<ActionProgress>('action')

export type ActionRun = ReturnType<typeof createActionRun>
