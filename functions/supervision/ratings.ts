/**
 * 好差评: the HR user rates a finished hire (all seven items done) once, on
 * five levels with an optional comment; a bad rating (不满意 / 非常不满意)
 * stays on the clerk's board until a clerk records the follow-up (回访整改).
 *
 *   rating:{appId}     HASH  level, comment, at, by, uscc, bad ("1"/"0"),
 *                            followUpNote, followUpAt, followUpBy (after a follow-up)
 *   sup:ratings:open   ZSET  appId → rating time (ms): bad ratings without a follow-up
 *
 * Both writes are single scripts: the first rating wins, the same rating
 * again is answered as it was (idempotent), another one is refused (409).
 * Each goes into the ledger (`recordRating`, `recordClerkAction`; free text
 * only as its digest), idempotent by key, so a retried request records it once.
 */
import type { Redis } from '@upstash/redis';
import {
  AppError,
  ITEM_CATALOG,
  isBadRating,
  maskIdentityNumbersInText,
  maskName,
  type TBadRatingEntry,
  type TFollowUpInput,
  type TRatingInput,
  type TRatingLevel,
  type TRatingStatus,
  type TRatingView,
} from '../../domain';
import { requireClerk, requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { fieldsToRecord } from '../storage/redis';
import type { TStoredApplication } from '../applications/store';
import { recordClerkAction, recordRating, textDigest } from '../ledger/events';
import { supKey } from './index-items';

export const ratingKey = (deps: Pick<TDeps, 'prefix'>, appId: string) => `${deps.prefix}rating:${appId}`;
export const openRatingsKey = (deps: Pick<TDeps, 'prefix'>) => supKey(deps, 'ratings', 'open');

/**
 * KEYS: 1 rating hash, 2 open bad ratings.
 * ARGV: 1 level, 2 comment ('' none), 3 at ISO, 4 by, 5 bad '1'|'0', 6 appId, 7 at ms, 8 uscc.
 * Returns 1 recorded · 0 the same rating was already recorded · -1 another rating was.
 */
export const RATE_LUA = `
local existing = redis.call('HGET', KEYS[1], 'level')
if existing then
  local comment = redis.call('HGET', KEYS[1], 'comment') or ''
  if existing == ARGV[1] and comment == ARGV[2] then return 0 end
  return -1
end
redis.call('HSET', KEYS[1], 'level', ARGV[1], 'comment', ARGV[2], 'at', ARGV[3], 'by', ARGV[4], 'bad', ARGV[5], 'uscc', ARGV[8])
if ARGV[5] == '1' then redis.call('ZADD', KEYS[2], tonumber(ARGV[7]), ARGV[6]) end
return 1
`;

/**
 * KEYS: 1 rating hash, 2 open bad ratings.
 * ARGV: 1 note, 2 at ISO, 3 clerk, 4 appId.
 * Returns 1 recorded · 0 the same note was already recorded · -1 another note was ·
 *         -2 no rating · -3 not a bad rating.
 */
export const FOLLOW_UP_LUA = `
local level = redis.call('HGET', KEYS[1], 'level')
if not level then return -2 end
local existing = redis.call('HGET', KEYS[1], 'followUpNote')
if existing then
  if existing == ARGV[1] then return 0 end
  return -1
end
if redis.call('HGET', KEYS[1], 'bad') ~= '1' then return -3 end
redis.call('HSET', KEYS[1], 'followUpNote', ARGV[1], 'followUpAt', ARGV[2], 'followUpBy', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[4])
return 1
`;

const scripts = new WeakMap<Redis, { rate: ReturnType<Redis['createScript']>; followUp: ReturnType<Redis['createScript']> }>();
function scriptsOf(redis: Redis) {
  let s = scripts.get(redis);
  if (!s) scripts.set(redis, (s = { rate: redis.createScript<number>(RATE_LUA), followUp: redis.createScript<number>(FOLLOW_UP_LUA) }));
  return s;
}

/** The ledger's numeric level: 1 (非常不满意) … 5 (非常满意). */
export const RATING_SCORES: Record<TRatingLevel, number> = { 非常满意: 5, 满意: 4, 基本满意: 3, 不满意: 2, 非常不满意: 1 };

function ratingView(appId: string, h: Record<string, string>): TRatingView | null {
  if (!h.level) return null;
  const level = h.level as TRatingLevel;
  return {
    applicationId: appId,
    level,
    ...(h.comment ? { comment: h.comment } : {}),
    at: h.at ?? '',
    bad: isBadRating(level),
    ...(h.followUpNote ? { followUp: { note: h.followUpNote, at: h.followUpAt ?? '', clerk: h.followUpBy ?? '' } } : {}),
  };
}

async function loadApp(deps: TDeps, id: string): Promise<TStoredApplication> {
  const app = await deps.store.get(id);
  if (!app) throw new AppError('NOT_FOUND', { message: '申请不存在' });
  return app;
}

async function allDone(deps: TDeps, id: string): Promise<boolean> {
  const states = (await deps.store.states([id]))[id];
  return ITEM_CATALOG.every((i) => states?.[i.code] === 'done');
}

/** GET /api/applications/:id/rating (the enterprise's HR contacts and clerks). */
export async function getRating(deps: TDeps, p: TPrincipal, id: string): Promise<TRatingStatus> {
  const app = await loadApp(deps, id);
  requireHr(p, app.uscc, { allowClerk: true });
  const [raw, done] = await Promise.all([deps.redis.hgetall(ratingKey(deps, id)), allDone(deps, id)]);
  const rating = ratingView(id, fieldsToRecord(raw));
  return { rating, canRate: done && !rating && p.hr?.uscc === app.uscc };
}

/** POST /api/applications/:id/rating: once per application, by an HR contact of its enterprise, after all seven items are done. */
export async function rateApplication(deps: TDeps, p: TPrincipal, id: string, input: TRatingInput): Promise<{ status: 200 | 201; rating: TRatingView }> {
  const app = await loadApp(deps, id);
  requireHr(p, app.uscc);
  if (!(await allDone(deps, id))) throw new AppError('CONFLICT', { message: '七个事项全部办结后才能评价' });
  const now = deps.now();
  const comment = maskIdentityNumbersInText(input.comment ?? ''); // no ID or mobile number in clear, even in a comment
  const bad = isBadRating(input.level);
  const outcome = Number(
    await scriptsOf(deps.redis).rate.exec(
      [ratingKey(deps, id), openRatingsKey(deps)],
      [input.level, comment, now.toISOString(), p.sub, bad ? '1' : '0', id, String(now.getTime()), app.uscc],
    ),
  );
  if (outcome === -1) throw new AppError('CONFLICT', { message: '该申请已评价过，评价提交后不能更改' });
  const rating = ratingView(id, fieldsToRecord(await deps.redis.hgetall(ratingKey(deps, id))))!;
  // into the ledger (idempotent by key: a repeated post records nothing new); the comment only as its digest
  await recordRating(deps, { key: id, actor: `hr:${p.sub.slice(0, 8)}`, subject: { uscc: app.uscc, applicationId: id }, level: RATING_SCORES[rating.level], ...(rating.comment ? { comment: rating.comment } : {}), at: rating.at });
  return { status: outcome === 1 ? 201 : 200, rating };
}

/** POST /api/clerk/ratings/:id/follow-up: the clerk's follow-up of a bad rating takes it off the board. */
export async function followUpRating(deps: TDeps, p: TPrincipal, id: string, input: TFollowUpInput): Promise<TRatingView> {
  const clerk = requireClerk(p);
  const now = deps.now().toISOString();
  const note = maskIdentityNumbersInText(input.note);
  const outcome = Number(await scriptsOf(deps.redis).followUp.exec([ratingKey(deps, id), openRatingsKey(deps)], [note, now, clerk.username, id]));
  if (outcome === -2) throw new AppError('NOT_FOUND', { message: '该申请尚无评价' });
  if (outcome === -3) throw new AppError('CONFLICT', { message: '该评价不是差评，无需回访' });
  if (outcome === -1) throw new AppError('CONFLICT', { message: '该差评已记录回访情况，不能重复记录' });
  const h = fieldsToRecord(await deps.redis.hgetall(ratingKey(deps, id)));
  const rating = ratingView(id, h)!;
  await recordClerkAction(deps, {
    key: `${id}:rating-followup`,
    clerk: rating.followUp!.clerk,
    action: 'rating.followup',
    subject: { ...(h.uscc ? { uscc: h.uscc } : {}), applicationId: id },
    data: { level: RATING_SCORES[rating.level], note: textDigest(rating.followUp!.note) },
    at: rating.followUp!.at,
  });
  return rating;
}

/** Bad ratings awaiting a follow-up, oldest first (the clerk's board). */
export async function listOpenBadRatings(deps: TDeps, limit: number): Promise<TBadRatingEntry[]> {
  const ids = ((await deps.redis.zrange(openRatingsKey(deps), 0, limit - 1)) as string[]).map(String);
  if (!ids.length) return [];
  const pipe = deps.redis.pipeline();
  for (const id of ids) pipe.hgetall(ratingKey(deps, id));
  const [ratings, apps] = await Promise.all([pipe.exec() as Promise<unknown[]>, deps.store.getMany(ids)]);
  const byId = new Map(apps.map((a) => [a.id, a]));
  return ids.flatMap((id, i) => {
    const r = ratingView(id, fieldsToRecord(ratings[i]));
    const app = byId.get(id);
    if (!r || !app) return [];
    return [
      {
        applicationId: id,
        enterpriseName: app.enterpriseName,
        uscc: app.uscc,
        employee: { name: maskName(app.application.employee.name), documentNumber: app.maskedDocumentNumber },
        level: r.level,
        ...(r.comment ? { comment: r.comment } : {}),
        at: r.at,
      },
    ];
  });
}

/** GET /api/clerk/ratings: the bad ratings awaiting follow-up. */
export async function clerkBadRatings(deps: TDeps, p: TPrincipal): Promise<{ items: TBadRatingEntry[] }> {
  requireClerk(p);
  return { items: await listOpenBadRatings(deps, 50) };
}
