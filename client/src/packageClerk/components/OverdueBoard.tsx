/**
 * 超期督办: bad ratings waiting for the window's follow-up (回访), then the
 * items past their one-thing or promised due date, oldest first, with how
 * many working days over.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { TBadRatingEntry, TOverdueBoard, TOverdueEntry } from '@/domain/supervision/supervision';
import { STATE_TEXT } from './labels';
import { shanghaiTime as time } from '../../lib/time';

export interface TOverdueBoardProps {
  board: TOverdueBoard | undefined;
  onFollowUp(applicationId: string, note: string): Promise<void>;
  onOpen(applicationId: string): void;
}

const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e));

function FollowUp({ rating, onFollowUp }: { rating: TBadRatingEntry; onFollowUp: TOverdueBoardProps['onFollowUp'] }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!open) {
    return (
      <Button className='btn btn-secondary' onClick={() => setOpen(true)}>
        记录回访
      </Button>
    );
  }
  const send = async () => {
    setBusy(true);
    setError('');
    try {
      await onFollowUp(rating.applicationId, note.trim());
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View>
      <Text className='label'>回访处理情况</Text>
      <Input className='input' value={note} maxlength={500} placeholder='如：已电话回访，说明原因并整改' aria-label='回访处理情况' onInput={(e) => setNote(e.detail.value)} />
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn btn-primary' loading={busy} disabled={(busy || !note.trim()) || undefined} onClick={send}>
        提交回访记录
      </Button>
    </View>
  );
}

export function breachText(e: Pick<TOverdueEntry, 'breached' | 'workingDaysOver'>): string {
  const which = e.breached.map((b) => (b === 'oneThing' ? '一件事时限' : '承诺时限')).join('、');
  const days = e.workingDaysOver === null ? '（日历数据缺失，无法计算工作日）' : `${e.workingDaysOver} 个工作日`;
  return `超${which} ${days}`;
}

export default function OverdueBoard({ board, onFollowUp, onOpen }: TOverdueBoardProps) {
  if (!board) return <Text className='muted'>加载中…</Text>;
  return (
    <View>
      <View className='card'>
        <Text className='h2'>差评待回访（{board.badRatings.length}）</Text>
        {board.badRatings.length === 0 && <Text className='muted'>暂无待回访的差评</Text>}
        {board.badRatings.map((r) => (
          <View key={r.applicationId} className='ck-row' aria-label={`差评 ${r.applicationId}`}>
            <Text className='ck-bad'>{r.level}</Text>
            <Text className='ck-line'>
              {r.enterpriseName} · {r.employee.name}（{r.employee.documentNumber}）
            </Text>
            {r.comment && <Text className='muted ck-line'>“{r.comment}”</Text>}
            <Text className='muted ck-line'>
              评价于 {time(r.at)} · 申请号 {r.applicationId}
            </Text>
            <FollowUp rating={r} onFollowUp={onFollowUp} />
          </View>
        ))}
      </View>
      <View className='card'>
        <Text className='h2'>超期事项（{board.total}）</Text>
        <Text className='muted'>截至 {board.today}，未办结且已超过承诺时限或一件事时限的事项（按工作日计），最早到期的在前。</Text>
        {board.items.length === 0 && <Text className='muted ck-line'>暂无超期事项</Text>}
        {board.items.map((i) => (
          <View key={`${i.applicationId}:${i.item}`} className='ck-row' role='button' aria-label={`${i.itemName} ${breachText(i)}`} onClick={() => onOpen(i.applicationId)}>
            <View className='ck-head'>
              <Text className='ck-name'>{i.itemName}</Text>
              <Text className={`wz-state wz-state-${i.state}`}>{STATE_TEXT[i.state]}</Text>
            </View>
            <Text className='ck-over'>{breachText(i)}</Text>
            <Text className='ck-line'>
              {i.departmentName} · {i.enterpriseName} · {i.employee.name}
              {i.channel === 'window' ? ' · 窗口受理' : ''}
            </Text>
            <Text className='muted ck-line'>
              一件事时限 {i.oneThingDue ?? '—'} · 承诺时限 {i.promisedDue ?? '—'}
              {i.stage ? ` · 当前环节 ${i.stage}` : ''}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
