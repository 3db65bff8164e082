/** 我的记录 (employee): hires filed for me, GET /api/me/records. */
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import SummaryList from '../../../components/SummaryList';
import { usePageStyle } from '../../../components/a11y';
import { listMyRecords } from '../../../lib/api';
import { usePagedSummaries } from '../../../components/usePagedSummaries';

export default function Records() {
  const style = usePageStyle();
  const { items, loading, error, hasMore, loadMore } = usePagedSummaries(listMyRecords);

  return (
    <View className='page' style={style}>
      <Text className='muted'>单位为您办理的入职事项（社保、医保、就业登记、公积金等）</Text>
      {error && <Text className='error'>{error}</Text>}
      <SummaryList items={items} empty={loading ? '加载中…' : '暂无记录'} />
      {hasMore && (
        <Button className='btn btn-secondary' onClick={loadMore}>
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
