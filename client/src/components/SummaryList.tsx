/** Hires as cards with progress n/7; tap for the detail. Used by 我的申报 and 我的记录. */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TApplicationSummary } from '../lib/api';

export const ITEM_COUNT = 7;

export function progressText(s: Pick<TApplicationSummary, 'done'>): string {
  return `${s.done}/${ITEM_COUNT} 已办结`;
}

export default function SummaryList({ items, empty }: { items: TApplicationSummary[]; empty: string }) {
  if (!items.length) return <Text className='muted'>{empty}</Text>;
  return (
    <View>
      {items.map((a) => {
        const states = Object.values(a.states ?? {});
        const attention = states.filter((s) => s === 'needs_correction' || s === 'rejected').length;
        return (
          <View
            key={a.id}
            className='card sl-item'
            role='button'
            aria-label={`${a.employee.name} ${progressText(a)}`}
            onClick={() => Taro.navigateTo({ url: `/packageHire/pages/detail/index?id=${encodeURIComponent(a.id)}` })}
          >
            <Text className='h2'>
              {a.employee.name}　<Text className='muted'>{a.employee.documentNumber}</Text>
            </Text>
            <Text className='muted'>
              {a.enterpriseName} · {a.filedAt.replace('T', ' ').slice(0, 16)}
              {a.channel === 'window' ? ' · 窗口受理' : ''}
            </Text>
            <View className='sl-bar' aria-hidden>
              <View className='sl-bar-fill' style={{ width: `${Math.round((a.done / ITEM_COUNT) * 100)}%` }} />
            </View>
            <Text className={a.done === ITEM_COUNT ? 'ok-text' : ''}>{progressText(a)}</Text>
            {attention > 0 && <Text className='error'>{attention} 个事项需要处理</Text>}
          </View>
        );
      })}
    </View>
  );
}
