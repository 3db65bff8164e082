/** 我的申报: the enterprise's hires, paged, with overall progress (n/7 done). */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { usePageStyle } from '../../../components/a11y';
import { errorText, listApplications, type TApplicationSummary } from '../../../lib/api';
import SummaryList from '../../../components/SummaryList';

export default function List() {
  const style = usePageStyle();
  const [items, setItems] = useState<TApplicationSummary[]>([]);
  const [cursor, setCursor] = useState<number>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  const load = async (more: boolean) => {
    setLoading(true);
    try {
      const page = await listApplications(more ? cursor : undefined);
      setItems((prev) => (more ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load(false));
  usePullDownRefresh(() => void load(false));

  return (
    <View className='page' style={style}>
      <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: '/packageHire/pages/wizard/index' })}>
        新录用一件事
      </Button>
      <View style={{ height: '12px' }} />
      {error && <Text className='error'>{error}</Text>}
      <SummaryList items={items} empty={loading ? '加载中…' : '还没有申报记录'} />
      {cursor !== undefined && (
        <Button className='btn btn-secondary' loading={loading} onClick={() => load(true)}>
          加载更多
        </Button>
      )}
    </View>
  );
}
