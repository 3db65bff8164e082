/** Durations for the statistics: nearest-rank percentiles and Chinese display. */

/** Nearest-rank percentile of sorted values: the value at rank ⌈p·n⌉. */
export function percentileRank(n: number, p: number): number {
  return Math.max(0, Math.min(n - 1, Math.ceil(p * n) - 1));
}

/** `2 天 3 小时`, `45 分钟`, `30 秒` for a duration in seconds. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.round(s / 60)} 分钟`;
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.round((s % 86_400) / 3600);
  return h ? `${d} 天 ${h} 小时` : `${d} 天`;
}
