/**
 * From daily values of some months to a year: each month of the year with data contributes its
 * mean per day × its days (non-leap year); a month without data takes the per-day mean
 * interpolated linearly, around the calendar circle, between the nearest months with data
 * before and after it (the month-of-year weights of the data available). With one month of
 * data every month gets its level; with twelve nothing is extrapolated.
 */

export const DAYS_PER_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export interface DailyValue {
  /** 1..12 */
  readonly monthOfYear: number;
  readonly value: number;
}

export interface YearEstimate {
  readonly yearly: number;
  /** Per-day mean per month of the year (index 0 = January), measured or extrapolated. */
  readonly perDay: readonly number[];
  /** Months (1..12) with data, and those extrapolated. */
  readonly covered: readonly number[];
  readonly extrapolated: readonly number[];
}

function nearest(perDay: readonly (number | null)[], m: number, dir: 1 | -1): { value: number; distance: number } | null {
  for (let d = 1; d < 12; d++) {
    const v = perDay[(((m + dir * d) % 12) + 12) % 12];
    if (v !== null && v !== undefined) return { value: v, distance: d };
  }
  return null;
}

/** The year's total of `values` (daily figures tagged with their month); 0 with no data. */
export function estimateYear(values: readonly DailyValue[]): YearEstimate {
  const sum = new Array<number>(12).fill(0);
  const count = new Array<number>(12).fill(0);
  for (const v of values) {
    const i = v.monthOfYear - 1;
    sum[i] = (sum[i] ?? 0) + v.value;
    count[i] = (count[i] ?? 0) + 1;
  }
  const measured = sum.map((s, i) => ((count[i] ?? 0) > 0 ? s / (count[i] ?? 1) : null));
  const perDay = measured.map((v, m) => {
    if (v !== null) return v;
    const before = nearest(measured, m, -1);
    const after = nearest(measured, m, 1);
    if (before === null || after === null) return 0;
    return (before.value * after.distance + after.value * before.distance) / (before.distance + after.distance);
  });
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return {
    yearly: perDay.reduce((a, v, i) => a + v * (DAYS_PER_MONTH[i] ?? 30), 0),
    perDay,
    covered: months.filter((m) => measured[m - 1] !== null),
    extrapolated: values.length === 0 ? [] : months.filter((m) => measured[m - 1] === null),
  };
}
