/** Times as people in Wuhai read them: an ISO instant shown in Asia/Shanghai (UTC+8, no daylight saving), `YYYY-MM-DD HH:mm`. */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
}
