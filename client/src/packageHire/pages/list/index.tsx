/** 我的申报: the enterprise's hires, paged, with overall progress (n/7 done). */
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { usePageStyle } from '../../../components/a11y';
import { listApplications } from '../../../lib/api';
import { usePagedSummaries } from '../../../components/usePagedSummaries';
import SummaryList from '../../../components/SummaryList';

export default function List() {
  const style = usePageStyle();
  const { items, loading, error, hasMore, loadMore } = usePagedSummaries(listApplications);

  return (
    <View className='page' style={style}>
      <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: '/packageHire/pages/wizard/index' })}>
        新录用一件事
      </Button>
      <View style={{ height: '12px' }} />
      {error && <Text className='error'>{error}</Text>}
      <SummaryList items={items} empty={loading ? '加载中…' : '还没有申报记录'} />
      {hasMore && (
        <Button className='btn btn-secondary' loading={loading} onClick={loadMore}>
          加载更多
        </Button>
      )}
    </View>
  );
}
