/** 部门队列: one department's items in one state (已提交 / 办理中 / 需补正), oldest filing first, paged. */
import { Button, Text, View } from '@tarojs/components';
import type { TOpenItemState, TQueuePage } from '@/domain/supervision/supervision';
import type { TDepartment } from '@/domain/items/catalog';
import { DEPARTMENTS, STATE_TEXT } from './labels';
import { shanghaiTime as time } from '../../lib/time';

export interface TQueueViewProps {
  department: TDepartment;
  state: TOpenItemState;
  page: TQueuePage | undefined;
  loading: boolean;
  onDepartment(d: TDepartment): void;
  onState(s: TOpenItemState): void;
  onOpen(applicationId: string): void;
  onMore(): void;
}

const STATES: TOpenItemState[] = ['submitted', 'processing', 'needs_correction'];

export default function QueueView(p: TQueueViewProps) {
  return (
    <View>
      <View className='ck-chips' role='tablist' aria-label='部门'>
        {DEPARTMENTS.map((d) => (
          <View key={d.key} className={`ck-chip ${p.department === d.key ? 'ck-chip-on' : ''}`} role='tab' aria-selected={p.department === d.key} onClick={() => p.onDepartment(d.key)}>
            <Text>{d.name}</Text>
          </View>
        ))}
      </View>
      <View className='ck-chips' role='tablist' aria-label='状态'>
        {STATES.map((s) => (
          <View key={s} className={`ck-chip ${p.state === s ? 'ck-chip-on' : ''}`} role='tab' aria-selected={p.state === s} onClick={() => p.onState(s)}>
            <Text>
              {STATE_TEXT[s]}
              {p.page && p.page.department === p.department ? `（${p.page.counts[s]}）` : ''}
            </Text>
          </View>
        ))}
      </View>
      <View className='card'>
        {!p.page && <Text className='muted'>加载中…</Text>}
        {p.page && p.page.items.length === 0 && <Text className='muted'>该状态下暂无事项</Text>}
        {p.page?.items.map((i) => (
          <View key={`${i.applicationId}:${i.item}`} className='ck-row' role='button' aria-label={`${i.itemName} ${i.employee.name}`} onClick={() => p.onOpen(i.applicationId)}>
            <View className='ck-head'>
              <Text className='ck-name'>{i.itemName}</Text>
              <Text className={`wz-state wz-state-${i.state}`}>{STATE_TEXT[i.state]}</Text>
            </View>
            <Text className='ck-line'>
              {i.enterpriseName} · {i.employee.name}（{i.employee.documentNumber}）{i.channel === 'window' ? ' · 窗口受理' : ''}
            </Text>
            <Text className='muted ck-line'>
              {time(i.filedAt)} 提交{i.dueDate ? ` · 时限 ${i.dueDate}` : ''}
              {i.stage ? ` · ${i.stage}` : ''}
            </Text>
            {i.message && <Text className='error'>{i.message}</Text>}
          </View>
        ))}
        {p.page?.nextCursor !== undefined && (
          <Button className='btn btn-secondary' loading={p.loading} onClick={p.onMore}>
            加载更多
          </Button>
        )}
      </View>
    </View>
  );
}
