// Bound values for the filter compiler: every property name and value goes
// into the query as a parameter with its type spelled out, never as SQL
// text. One Binder serves one compiled query; `now` is bound once.
import type { Params } from '../sql'
import type { TimeUnit } from './types'
import { isoMicros } from './iso'

/** A day is 86,400 s, a week 7 days, a month 30 days (filters.md). */
export const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7, month: 30 }

export class Binder {
  private nowSql: string | undefined
  private nowMicrosSql: string | undefined

  /**
   * `now`: the ISO time (with a zone) the filter treats as now. `asOf`: the
   * filter is evaluated as of `now` (a cohort's size on a date): only events
   * before it count, in every condition on events (events.ts).
   */
  constructor(private params: Params, readonly now: string, readonly asOf = false) {}

  /** A bound value with its type spelled out, so every use of a placeholder has one type. */
  bind(value: unknown, cast: string): string {
    return `${this.params.add(value)}::${cast}`
  }

  text(value: string): string { return this.bind(value, 'text') }
  texts(values: string[]): string { return this.bind(values, 'text[]') }
  number(value: number): string { return this.bind(value, 'numeric') }
  numbers(values: number[]): string { return this.bind(values, 'numeric[]') }
  time(iso: string): string { return this.bind(iso, 'timestamptz') }
  /** A JSON value as jsonb (profiles' kept casts compare as jsonb). */
  json(value: unknown): string { return this.bind(JSON.stringify(value), 'jsonb') }

  /** `now`, bound once per query. */
  nowSqlTime(): string {
    return this.nowSql ??= this.time(this.now)
  }

  /** `now` in microseconds since 1970, as jsonb, bound once per query (profiles' kept datetimes). */
  nowMicros(): string {
    return this.nowMicrosSql ??= this.bind(String(isoMicros(this.now)), 'jsonb')
  }

  /** A span of `amount·unit` as an interval of seconds. */
  interval(amount: number, unit: TimeUnit): string {
    return `make_interval(secs => ${this.bind(amount * UNIT_DAYS[unit] * 86_400, 'float8')})`
  }

  /** `now + amount·unit`. */
  nowPlus(amount: number, unit: TimeUnit): string {
    return `(${this.nowSqlTime()} + ${this.interval(amount, unit)})`
  }

  /** `now - amount·unit`. */
  nowMinus(amount: number, unit: TimeUnit): string {
    return `(${this.nowSqlTime()} - ${this.interval(amount, unit)})`
  }
}
