/** 统计: per department and per item — filed, done, median and p90 time from filing to done. */
import { Text, View } from '@tarojs/components';
import { formatDuration } from '@/domain/supervision/durations';
import { shanghaiTime } from '../../lib/time';
import type { TDurationStats, TSupervisionStats } from '@/domain/supervision/supervision';

function Row({ name, s }: { name: string; s: TDurationStats }) {
  return (
    <View className='ck-stat' aria-label={`${name} 受理${s.count} 办结${s.done}`}>
      <Text className='ck-name'>{name}</Text>
      <Text className='ck-line'>
        受理 {s.count} · 办结 {s.done}
        {s.count ? `（${Math.round((s.done / s.count) * 100)}%）` : ''}
      </Text>
      <Text className='muted ck-line'>
        办结用时 中位数 {formatDuration(s.medianSeconds)} · P90 {formatDuration(s.p90Seconds)}
      </Text>
    </View>
  );
}

export default function StatsTable({ stats }: { stats: TSupervisionStats | undefined }) {
  if (!stats) return <Text className='muted'>加载中…</Text>;
  return (
    <View>
      <View className='card'>
        <Text className='h2'>按部门</Text>
        {stats.departments.map((d) => (
          <Row key={d.department} name={d.name} s={d} />
        ))}
      </View>
      <View className='card'>
        <Text className='h2'>按事项</Text>
        {stats.items.map((i) => (
          <Row key={i.item} name={i.name} s={i} />
        ))}
        <Text className='muted ck-line'>统计时间 {shanghaiTime(stats.at)}；用时自提交起算，至事项办结止。</Text>
      </View>
    </View>
  );
}
