/** 我的记录 (employee): hires filed for me, GET /api/me/records. */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import SummaryList from '../../../components/SummaryList';
import { usePageStyle } from '../../../components/a11y';
import { errorText, listMyRecords, type TApplicationSummary } from '../../../lib/api';

export default function Records() {
  const style = usePageStyle();
  const [items, setItems] = useState<TApplicationSummary[]>([]);
  const [cursor, setCursor] = useState<number>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');

  const load = async (more: boolean) => {
    setLoading(true);
    try {
      const page = await listMyRecords(more ? cursor : undefined);
      setItems((prev) => (more ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  useDidShow(() => void load(false));

  return (
    <View className='page' style={style}>
      <Text className='muted'>单位为您办理的入职事项（社保、医保、就业登记、公积金等）</Text>
      {error && <Text className='error'>{error}</Text>}
      <SummaryList items={items} empty={loading ? '加载中…' : '暂无记录'} />
      {cursor !== undefined && (
        <Button className='btn btn-secondary' onClick={() => load(true)}>
          加载更多
        </Button>
      )}
      <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: '/packageEmployee/pages/card/index' })}>
        电子社保卡
      </Button>
      <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: '/packageEmployee/pages/inbox/index' })}>
        消息
      </Button>
    </View>
  );
}
