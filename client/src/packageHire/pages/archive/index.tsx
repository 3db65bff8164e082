/**
 * 一户一档: every hire of the enterprise with each item's result and the
 * materials' fingerprints, and its ledger entries with their proofs. An HR
 * contact sees their own enterprise; a window clerk names any by its USCC.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { usePageStyle } from '../../../components/a11y';
import { ArchiveTabs, CheckpointNote, HireList, LedgerList, MoreButton } from '../../../components/archive/ArchiveParts';
import { useArchive } from '../../../components/archive/useArchive';
import { cachedMe, getEnterpriseArchive } from '../../../lib/api';

type TTab = 'hires' | 'ledger';

export default function EnterpriseArchive() {
  const style = usePageStyle();
  const { params } = useRouter();
  const isClerk = cachedMe()?.roles.includes('clerk') ?? false;
  const [typed, setTyped] = useState(decodeURIComponent(params.uscc ?? ''));
  const [uscc, setUscc] = useState(isClerk ? typed.trim().toUpperCase() : '');
  const [tab, setTab] = useState<TTab>('hires');
  const { view, loading, error, reload, more } = useArchive((p) => getEnterpriseArchive({ ...p, ...(uscc ? { uscc } : {}) }));

  const ready = !isClerk || uscc.length === 18;
  useEffect(() => {
    if (ready) void reload();
  }, [uscc]);
  useDidShow(() => {
    if (ready && view) void reload();
  });

  return (
    <View className='page' style={style}>
      {isClerk && (
        <View className='card'>
          <Text className='h2'>查询企业档案</Text>
          <Text className='label'>统一社会信用代码</Text>
          <Input className='input' value={typed} maxlength={18} placeholder='18位代码' aria-label='统一社会信用代码' onInput={(e) => setTyped(e.detail.value)} />
          <Button className='btn btn-primary' disabled={typed.trim().length !== 18 || undefined} onClick={() => setUscc(typed.trim().toUpperCase())}>
            查询
          </Button>
        </View>
      )}
      {error && <Text className='error'>{error}</Text>}
      {!view && ready && !error && <Text className='muted'>加载中…</Text>}
      {view && view.subject.kind === 'enterprise' && (
        <View>
          <View className='card'>
            <Text className='h1'>一户一档</Text>
            <Text className='label'>{view.subject.name || '（未登记名称）'}</Text>
            <Text className='muted'>统一社会信用代码 {view.subject.uscc}</Text>
            <CheckpointNote checkpoint={view.checkpoint} available={view.ledger.available} />
          </View>
          <ArchiveTabs<TTab>
            tabs={[
              ['hires', '录用记录'],
              ['ledger', `存证记录${view.ledger.total ? `（${view.ledger.total}）` : ''}`],
            ]}
            current={tab}
            onChange={setTab}
          />
          {tab === 'hires' && (
            <View>
              <HireList hires={view.hires.items} onOpen={(id) => Taro.navigateTo({ url: `/packageHire/pages/detail/index?id=${encodeURIComponent(id)}` })} />
              <MoreButton shown={view.hires.nextCursor !== undefined} loading={loading === 'hires'} onMore={() => void more('hires')} />
            </View>
          )}
          {tab === 'ledger' && (
            <View className='card'>
              <LedgerList entries={view.ledger.entries} />
              <MoreButton shown={view.ledger.nextCursor !== undefined} loading={loading === 'ledger'} onMore={() => void more('ledger')} />
            </View>
          )}
        </View>
      )}
    </View>
  );
}
