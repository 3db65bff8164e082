/**
 * Aggregation into the theme database (主题库): every ledger entry, in ledger
 * order, exactly once.
 *
 *   ledger ──entries(cursor, …)──► batch ──ThemeDbClient.sendBatch──► 主题库 (idempotent by event id,
 *                                                                      refuses a gap with the index it expects)
 *          ◄── cursor advanced (compare-and-set) only after the platform accepted the batch
 *
 * Exactly once across crashes: the cursor is the next index to send and moves
 * only after the platform's answer, by compare-and-set; a crash between the
 * answer and the cursor means the batch is sent again and the platform holds
 * it once (by event id). While the platform is down nothing moves; the next
 * run sends the backlog from the cursor (the backfill). One run at a time
 * (a lease); a run that finds the lease taken returns, and the holder looks
 * again after releasing it, so no trigger is lost.
 *
 * Runs are triggered by appends (trigger.ts: a deduplicated `theme-export`
 * queue message per 5-second bucket), by a timer in the local stack, and by
 * a Vercel cron (`/api/cron/theme-export`, once a minute).
 *
 *   theme:cursor   STRING  the next ledger index to send (everything below it was accepted)
 *   theme:lag      LIST    "<acceptedMs>:<lagMs>" per event accepted, newest first (latest 1,000)
 *   theme:status   HASH    lastExportAt, cursor, lastError, lastErrorAt
 *   theme:lock     STRING  the running export's lease (random token, 15 s, renewed with every batch)
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain';
import { UpstreamError } from '../adapters/http';
import type { TDeps } from '../deps';
import { logger } from '../lib/logger';

export const THEME_BATCH_SIZE = 100;
export const THEME_LAG_SAMPLES = 1000;
/**
 * The lease outlives one batch (a send is bounded by the upstream timeout) and is renewed with every
 * batch, so a process killed mid-export holds up the next run for at most this long (it was 60 s, which a
 * crash could turn into a 主题库 lag past its 60 s goal). Correctness never rests on it: the cursor moves by
 * compare-and-set and the platform deduplicates, so two runs at once only send a batch twice.
 */
const LEASE_MS = 15_000;
/** A run stops after this many batches or this long (the next trigger continues): bounds one request's work (Vercel: 60 s). */
const MAX_BATCHES_PER_RUN = 50;
const MAX_RUN_MS = 30_000;

/**
 * KEYS: 1 cursor, 2 lag list, 3 status hash. ARGV: 1 expected cursor, 2 new cursor, 3 now (ISO),
 * 4 how many lag samples to keep, 5.. lag samples (none: a rewind, not an export). Moves the cursor only
 * if it still is ARGV[1].
 * Returns { 1, new } moved · { 0, current } someone else moved it.
 */
export const THEME_ADVANCE_LUA = `
local current = redis.call('GET', KEYS[1]) or '0'
if current ~= ARGV[1] then return {0, current} end
redis.call('SET', KEYS[1], ARGV[2])
if #ARGV >= 5 then
  for i = 5, #ARGV do redis.call('LPUSH', KEYS[2], ARGV[i]) end
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
  redis.call('HSET', KEYS[3], 'lastExportAt', ARGV[3], 'cursor', ARGV[2])
  redis.call('HDEL', KEYS[3], 'lastError', 'lastErrorAt')
else
  redis.call('HSET', KEYS[3], 'cursor', ARGV[2])
end
return {1, ARGV[2]}
`;

/** KEYS: 1 lease. ARGV: 1 token. Releases the lease only if it is still ours. */
export const RELEASE_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS: 1 lease. ARGV: 1 token, 2 ms. Extends the lease only if it is still ours. */
export const RENEW_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) end
return 0
`;

export type TThemeExportDeps = Pick<TDeps, 'redis' | 'prefix' | 'ledger' | 'themeDb' | 'now'>;

export interface TExportRun {
  /** Another run held the lease (it will look again when it is done). */
  busy?: boolean;
  batches: number;
  /** Events sent, held for the first time, and already held (resent). */
  sent: number;
  accepted: number;
  duplicates: number;
  cursor: number;
  size: number;
  /** Why the run stopped early: the platform down or refusing. */
  error?: string;
}

export const themeKeys = (prefix: string) => ({
  cursor: `${prefix}theme:cursor`,
  lag: `${prefix}theme:lag`,
  status: `${prefix}theme:status`,
  lease: `${prefix}theme:lock`,
});

async function recordError(deps: TThemeExportDeps, message: string): Promise<void> {
  await deps.redis.hset(themeKeys(deps.prefix).status, { lastError: message.slice(0, 300), lastErrorAt: deps.now().toISOString() });
}

/** Exports what the ledger holds beyond the cursor. Never throws for the platform being down: says so in `error`. */
export async function exportToThemeDb(deps: TThemeExportDeps, options: { batchSize?: number; maxBatches?: number } = {}): Promise<TExportRun> {
  const keys = themeKeys(deps.prefix);
  const batchSize = options.batchSize ?? THEME_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? MAX_BATCHES_PER_RUN;
  const run: TExportRun = { batches: 0, sent: 0, accepted: 0, duplicates: 0, cursor: 0, size: 0 };
  for (let round = 0; round < 3; round++) {
    const token = randomBytes(12).toString('base64url');
    const [lease, rawCursor, size] = await Promise.all([
      deps.redis.set(keys.lease, token, { nx: true, px: LEASE_MS }),
      deps.redis.get<string>(keys.cursor),
      deps.ledger.size(),
    ]);
    run.size = size;
    run.cursor = Number(rawCursor ?? 0);
    if (lease !== 'OK') return { ...run, busy: true };
    let stopped = false;
    try {
      stopped = await exportBatches(deps, run, batchSize, maxBatches, token);
    } finally {
      await deps.redis.eval(RELEASE_LEASE_LUA, [keys.lease], [token]).catch(() => undefined); // expires anyway
    }
    if (stopped) return run;
    // A run that found the lease taken meanwhile has returned: look once more now that it is free.
    const [after, cursorAfter] = await Promise.all([deps.ledger.size(), deps.redis.get<string>(keys.cursor)]);
    if (after <= Number(cursorAfter ?? 0)) return { ...run, size: after };
  }
  return run;
}

/** Sends batches from run.cursor; returns true when it stopped early (an error, or the batch limit). */
async function exportBatches(deps: TThemeExportDeps, run: TExportRun, batchSize: number, maxBatches: number, token: string): Promise<boolean> {
  const keys = themeKeys(deps.prefix);
  const until = Date.now() + MAX_RUN_MS;
  for (let n = 0; ; n++) {
    if (run.cursor >= run.size) {
      run.size = await deps.ledger.size();
      if (run.cursor >= run.size) return false;
    }
    if (n >= maxBatches || Date.now() > until) return true;
    const entries = await deps.ledger.entries(run.cursor, Math.min(run.size, run.cursor + batchSize));
    if (entries.length === 0) return false;
    let outcome;
    try {
      outcome = await deps.themeDb.sendBatch(run.cursor, entries);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      run.error = `${error.upstream}: ${error.kind}`;
      await recordError(deps, `主题库不可用（${error.kind}），积压 ${run.size - run.cursor} 条，恢复后自动补传`);
      logger.warn('theme database unavailable: export paused', { cursor: run.cursor, size: run.size, kind: error.kind });
      return true;
    }
    if (!outcome.ok) {
      if ('expected' in outcome && outcome.expected < run.cursor) {
        // The platform lost what it had accepted (restored from a backup): send again from what it expects.
        const [moved] = (await deps.redis.eval(THEME_ADVANCE_LUA, [keys.cursor, keys.lag, keys.status], [String(run.cursor), String(outcome.expected), deps.now().toISOString(), '0'])) as [number, string];
        logger.warn('theme database expects an earlier index: sending again from there', { cursor: run.cursor, expected: outcome.expected, moved });
        run.cursor = moved === 1 ? outcome.expected : Number(await deps.redis.get<string>(keys.cursor));
        continue;
      }
      run.error = `${outcome.code}: ${outcome.message}`;
      await recordError(deps, `主题库拒收（${outcome.code}）：${outcome.message}`);
      logger.error('ALERT theme database refused a batch', { cursor: run.cursor, code: outcome.code, message: outcome.message });
      return true;
    }
    const acceptedAt = deps.now();
    const samples = entries.map((e) => `${acceptedAt.getTime()}:${Math.max(0, acceptedAt.getTime() - Date.parse(e.event.at))}`);
    const next = run.cursor + entries.length;
    // the cursor and the lease's renewal go out together (one auto-pipelined round trip)
    const [[moved, current]] = (await Promise.all([
      deps.redis.eval(THEME_ADVANCE_LUA, [keys.cursor, keys.lag, keys.status], [String(run.cursor), String(next), acceptedAt.toISOString(), String(THEME_LAG_SAMPLES), ...samples]),
      deps.redis.eval(RENEW_LEASE_LUA, [keys.lease], [token, String(LEASE_MS)]),
    ])) as [[number, string], unknown];
    run.batches++;
    run.sent += entries.length;
    run.accepted += outcome.accepted;
    run.duplicates += outcome.duplicates;
    // Moved by someone else (our lease expired): continue from where the cursor is; the platform dedups.
    run.cursor = Number(moved) === 1 ? next : Number(current);
  }
}

/** The consumer of topic `theme-export`: one run; the platform down asks the queue to retry later. */
export async function handleThemeExportMessage(deps: TThemeExportDeps): Promise<TExportRun> {
  const run = await exportToThemeDb(deps);
  if (run.error) throw new AppError('UPSTREAM_UNAVAILABLE', { message: `主题库暂时无法接收：${run.error}`, retryAfterSeconds: 30 });
  return run;
}

/** The local stack's periodic export (the deployment's cron plays it on Vercel). */
export class ThemeExportTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: TThemeExportDeps) {}

  /** One run now (awaitable; skipped while one is running). */
  tick(): Promise<unknown> {
    this.running ??= exportToThemeDb(this.deps)
      .catch((error) => logger.warn('theme export run failed', { error }))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.tick(), intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
