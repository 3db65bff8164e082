/**
 * The life of one item of one application:
 *
 *   submitted ─▶ processing ─▶ done
 *       │            │  ▲ └──▶ needs_correction ─▶ processing (after a correction)
 *       │            │  └── (stage advances: the card's production, the physical certificate)
 *       └────────────┴─────▶ rejected
 *
 * Forward only: `done` and `rejected` are final, a stage never goes back, and
 * every transition carries an event id so that running it twice changes
 * nothing. The rules are enforced inside Redis by `ITEM_TRANSITION_LUA`.
 */

export { ZItemStateSchema, ZHistoryEntrySchema, ZDueDatesSchema, ZItemViewSchema, type TItemState, type THistoryEntry, type TDueDates, type TItemView } from '../../domain';

/** Production stages of the physical social security card (facts.md; 人社 制卡进度). */
export const CARD_STAGES = ['数据录入', '制卡中', '市银行签收', '网点签收', '领卡未激活'] as const;
/** Stages of the physical employment certificate. */
export const CERTIFICATE_STAGES = ['受理', '制证中', '可领取'] as const;

/**
 * KEYS: 1 item hash, 2 item history list, 3 processed-event set.
 * ARGV: 1 event id, 2 target state, 3 stage rank (integer, 0 for none),
 *       4 stage name ('' to keep), 5 now (ISO), 6 history entry (JSON),
 *       7 message ('' to clear, '-' to keep), 8 correction fields (JSON, '-' to keep),
 *       9.. pairs of result name and value.
 * Returns { 1, state, previous state } applied · { 0, state } duplicate event · { -1, '' } no item ·
 *         { -2, current } edge not allowed · { -3, current } stage would go back.
 */
export const ITEM_TRANSITION_LUA = `
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then
  return {0, redis.call('HGET', KEYS[1], 'state') or ''}
end
local current = redis.call('HGET', KEYS[1], 'state')
if not current then return {-1, ''} end
local allowed = {
  submitted = {processing = true, done = true, needs_correction = true, rejected = true},
  processing = {processing = true, done = true, needs_correction = true, rejected = true},
  needs_correction = {processing = true, rejected = true},
  done = {},
  rejected = {}
}
local target = ARGV[2]
if not allowed[current] or not allowed[current][target] then return {-2, current} end
local rank = tonumber(ARGV[3])
local currentRank = tonumber(redis.call('HGET', KEYS[1], 'stageRank') or '0')
if rank < currentRank then return {-3, current} end
redis.call('HSET', KEYS[1], 'state', target, 'updatedAt', ARGV[5], 'stageRank', tostring(math.max(rank, currentRank)))
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'stage', ARGV[4]) end
if ARGV[7] ~= '-' then redis.call('HSET', KEYS[1], 'message', ARGV[7]) end
if ARGV[8] ~= '-' then redis.call('HSET', KEYS[1], 'correctionFields', ARGV[8]) end
if current == 'needs_correction' and target == 'processing' then redis.call('HINCRBY', KEYS[1], 'corrections', 1) end
for i = 9, #ARGV, 2 do
  redis.call('HSET', KEYS[1], 'r:' .. ARGV[i], ARGV[i + 1])
end
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('RPUSH', KEYS[2], ARGV[6])
redis.call('SADD', KEYS[3], ARGV[1])
return {1, target, current}
`;
