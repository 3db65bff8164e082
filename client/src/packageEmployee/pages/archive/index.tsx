/**
 * 一人一档: the employee's own file — every hire filed for them, who looked
 * up or opened their data and when (the access log), and the ledger entries
 * with their proofs — and 导出我的数据, a copy of all of it as a JSON file (PIPL §45).
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { usePageStyle } from '../../../components/a11y';
import { AccessLogList, ArchiveTabs, CheckpointNote, HireList, LedgerList, MoreButton } from '../../../components/archive/ArchiveParts';
import { useArchive } from '../../../components/archive/useArchive';
import { getMyArchive } from '../../../lib/api';
import ExportDataCard from '../../components/ExportDataCard';
import { canShareFiles, copyExport, exportMyData, shareExport } from '../../lib/export-data';

type TTab = 'access' | 'hires' | 'ledger';

export default function PersonArchive() {
  const style = usePageStyle();
  const [tab, setTab] = useState<TTab>('access');
  const { view, loading, error, reload, more } = useArchive(getMyArchive);
  useDidShow(() => void reload());

  return (
    <View className='page' style={style}>
      {error && <Text className='error'>{error}</Text>}
      {!view && !error && <Text className='muted'>加载中…</Text>}
      {view && view.subject.kind === 'person' && (
        <View>
          <View className='card'>
            <Text className='h1'>一人一档</Text>
            <Text className='label'>
              {view.subject.name}
              {view.subject.documentNumber ? `　${view.subject.documentNumber}` : ''}
            </Text>
            <Text className='muted'>您的录用办理记录，以及谁在何时查询或查看了您的信息。</Text>
            <CheckpointNote checkpoint={view.checkpoint} available={view.ledger.available} />
          </View>
          <ArchiveTabs<TTab>
            tabs={[
              ['access', '访问记录'],
              ['hires', '录用记录'],
              ['ledger', '存证记录'],
            ]}
            current={tab}
            onChange={setTab}
          />
          {tab === 'access' && (
            <View className='card'>
              <AccessLogList items={view.accessLog?.items ?? []} />
              <MoreButton shown={view.accessLog?.nextCursor !== undefined} loading={loading === 'access'} onMore={() => void more('access')} />
            </View>
          )}
          {tab === 'hires' && (
            <View>
              <HireList hires={view.hires.items} showEnterprise onOpen={(id) => Taro.navigateTo({ url: `/packageHire/pages/detail/index?id=${encodeURIComponent(id)}` })} />
              <MoreButton shown={view.hires.nextCursor !== undefined} loading={loading === 'hires'} onMore={() => void more('hires')} />
            </View>
          )}
          {tab === 'ledger' && (
            <View className='card'>
              <LedgerList entries={view.ledger.entries} />
              <MoreButton shown={view.ledger.nextCursor !== undefined} loading={loading === 'ledger'} onMore={() => void more('ledger')} />
            </View>
          )}
          <ExportDataCard
            onExport={async () => {
              const r = await exportMyData();
              void reload(); // the export is in the access log now
              return r;
            }}
            onCopy={copyExport}
            {...(canShareFiles() ? { onShare: shareExport } : {})}
          />
        </View>
      )}
    </View>
  );
}
