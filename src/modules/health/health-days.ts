/** Today's UTC day ('YYYY-MM-DD'): the day a health snapshot and its history point belong to. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
