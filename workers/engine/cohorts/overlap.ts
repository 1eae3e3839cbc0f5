// Overlap of 2 or 3 cohorts (issue 15): every non-empty combination of "in"
// and "not in" the cohorts (A∩B, A−B, B−A; with three, seven regions), each
// as the filter the Users page opens, counted over All Users as cohorts are.
import type { Condition, Group } from '../filter/types'
import type { OverlapRegion } from '../types'

export function overlapRegions(ids: string[]): Array<Omit<OverlapRegion, 'count'>> {
  if (!Array.isArray(ids) || ids.length < 2 || ids.length > 3) throw new Error('pick 2 or 3 cohorts to compare')
  if (new Set(ids).size !== ids.length) throw new Error('pick different cohorts to compare')
  const regions: Array<Omit<OverlapRegion, 'count'>> = []
  // Masks from all-in down: intersections first, then the differences.
  const masks = Array.from({ length: (1 << ids.length) - 1 }, (_, i) => (1 << ids.length) - 1 - i)
    .sort((a, b) => bits(b) - bits(a) || b - a)
  for (const mask of masks) {
    const inside = ids.filter((_, i) => mask & (1 << i))
    const outside = ids.filter((_, i) => !(mask & (1 << i)))
    const filters: Condition[] = [
      ...inside.map((cohortId): Condition => ({ type: 'cohort', cohortId, operator: 'in' })),
      ...outside.map((cohortId): Condition => ({ type: 'cohort', cohortId, operator: 'notIn' })),
    ]
    const filter: Group = { op: 'and', filters }
    regions.push({ inside, outside, filter })
  }
  return regions
}

function bits(n: number): number {
  let k = 0
  for (; n; n &= n - 1) k++
  return k
}
