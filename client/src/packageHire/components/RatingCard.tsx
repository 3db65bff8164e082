/**
 * 好差评 on a finished hire: five levels and an optional comment (≤ 200
 * characters), once; afterwards the rating as given and, for a bad one, the
 * window's follow-up. Plain Taro components (no kit): the data and the call
 * come from the page.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { isBadRating, RATING_COMMENT_MAX, RATING_LEVELS, type TRatingLevel, type TRatingStatus } from '@/domain/supervision/ratings';
import { shanghaiTime } from '../../lib/time';
import './RatingCard.css';

export interface TRatingCardProps {
  status: TRatingStatus | undefined;
  /** Sends the rating; throws with a Chinese message when refused. */
  onSubmit(level: TRatingLevel, comment: string): Promise<void>;
}

const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e));
const chars = (s: string) => Array.from(s).length;

export default function RatingCard({ status, onSubmit }: TRatingCardProps) {
  const [level, setLevel] = useState<TRatingLevel>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  if (!status) return null;
  const r = status.rating;
  if (r) {
    return (
      <View className='card rt-card' aria-label='好差评'>
        <Text className='h2'>好差评</Text>
        <Text className={`rt-given ${r.bad ? 'rt-bad' : 'rt-good'}`}>您的评价：{r.level}</Text>
        {r.comment && <Text className='muted rt-comment'>“{r.comment}”</Text>}
        <Text className='muted'>评价于 {shanghaiTime(r.at)}，提交后不能更改</Text>
        {r.bad && (r.followUp ? <Text className='rt-follow'>窗口回访：{r.followUp.note}（{shanghaiTime(r.followUp.at)}）</Text> : <Text className='muted rt-follow'>已转窗口工作人员回访整改</Text>)}
      </View>
    );
  }
  if (!status.canRate) return null;

  const tooLong = chars(comment) > RATING_COMMENT_MAX;
  const send = async () => {
    if (!level) return;
    setBusy(true);
    setError('');
    try {
      await onSubmit(level, comment.trim());
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card rt-card' aria-label='好差评'>
      <Text className='h2'>好差评</Text>
      <Text className='muted'>七个事项已全部办结，请对本次办理进行评价（每份申请评价一次）。</Text>
      <View className='rt-levels' role='radiogroup' aria-label='评价等级'>
        {RATING_LEVELS.map((l) => (
          <View
            key={l}
            className={`rt-level ${level === l ? 'rt-level-on' : ''} ${isBadRating(l) ? 'rt-level-bad' : ''}`}
            role='radio'
            aria-checked={level === l}
            onClick={() => setLevel(l)}
          >
            <Text>{l}</Text>
          </View>
        ))}
      </View>
      <Text className='label'>意见建议（选填）</Text>
      <Input className='input' value={comment} maxlength={RATING_COMMENT_MAX + 20} placeholder='请填写您的意见或建议' aria-label='意见建议' onInput={(e) => setComment(e.detail.value)} />
      <Text className={tooLong ? 'error' : 'muted rt-count'}>
        {chars(comment)}/{RATING_COMMENT_MAX}
        {tooLong ? ' 评价内容不超过200字' : ''}
      </Text>
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn btn-primary' loading={busy} disabled={(!level || busy || tooLong) || undefined} onClick={send}>
        提交评价
      </Button>
    </View>
  );
}
