/**
 * 窗口工作台 (window clerks): 一窗受理 (the hire wizard, filed on an
 * enterprise's behalf), 超期督办 with the bad ratings awaiting follow-up,
 * each department's queue, statistics, and 一户一档 of any enterprise.
 */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { usePageStyle } from '../../../components/a11y';
import {
  cachedMe,
  errorText,
  followUpRating,
  getOverdueBoard,
  getSupervisionStats,
  listClerkQueue,
  logout,
  type TDepartment,
  type TOpenItemState,
  type TOverdueBoard,
  type TQueuePage,
  type TSupervisionStats,
} from '../../../lib/api';
import OverdueBoard from '../../components/OverdueBoard';
import QueueView from '../../components/QueueView';
import StatsTable from '../../components/StatsTable';
import './index.css';

type TTab = 'overdue' | 'queues' | 'stats';
const TABS: [TTab, string][] = [
  ['overdue', '超期督办'],
  ['queues', '部门队列'],
  ['stats', '统计'],
];

export default function Board() {
  const style = usePageStyle();
  const me = cachedMe();
  const [tab, setTab] = useState<TTab>('overdue');
  const [board, setBoard] = useState<TOverdueBoard>();
  const [stats, setStats] = useState<TSupervisionStats>();
  const [department, setDepartment] = useState<TDepartment>('hrss');
  const [state, setState] = useState<TOpenItemState>('processing');
  const [queue, setQueue] = useState<TQueuePage>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  const guard = async (fn: () => Promise<void>) => {
    setLoading(true);
    try {
      await fn();
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh?.();
    }
  };
  const loadQueue = (d = department, s = state) => guard(async () => setQueue(await listClerkQueue(d, s)));
  const load = (t = tab) =>
    t === 'overdue' ? guard(async () => setBoard(await getOverdueBoard())) : t === 'stats' ? guard(async () => setStats(await getSupervisionStats())) : loadQueue();

  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const open = (id: string) => Taro.navigateTo({ url: `/packageHire/pages/detail/index?id=${encodeURIComponent(id)}` });

  if (!me?.roles.includes('clerk')) {
    return (
      <View className='page' style={style}>
        <View className='card'>
          <Text className='h2'>仅限窗口工作人员</Text>
          <Button className='btn btn-primary' onClick={() => Taro.redirectTo({ url: '/packageClerk/pages/login/index' })}>
            窗口工作人员登录
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className='page' style={style}>
      <View className='card'>
        <Text className='h1'>窗口工作台</Text>
        <Text className='muted'>{me.clerk?.name ?? ''} · 一窗受理、督办与回访</Text>
        <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: '/packageHire/pages/wizard/index' })}>
          一窗受理（代企业申报）
        </Button>
        <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: '/packageHire/pages/archive/index' })}>
          一户一档查询
        </Button>
      </View>
      <View className='ck-tabs' role='tablist'>
        {TABS.map(([key, label]) => (
          <View
            key={key}
            className={`ck-tab ${tab === key ? 'ck-tab-on' : ''}`}
            role='tab'
            aria-selected={tab === key}
            onClick={() => {
              setTab(key);
              void load(key);
            }}
          >
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      {error && <Text className='error'>{error}</Text>}
      {tab === 'overdue' && (
        <OverdueBoard
          board={board}
          onOpen={open}
          onFollowUp={async (id, note) => {
            await followUpRating(id, note);
            Taro.showToast({ title: '已记录回访', icon: 'success' });
            setBoard(await getOverdueBoard());
          }}
        />
      )}
      {tab === 'queues' && (
        <QueueView
          department={department}
          state={state}
          page={queue}
          loading={loading}
          onDepartment={(d) => {
            setDepartment(d);
            setQueue(undefined);
            void loadQueue(d, state);
          }}
          onState={(s) => {
            setState(s);
            setQueue(undefined);
            void loadQueue(department, s);
          }}
          onOpen={open}
          onMore={() =>
            void guard(async () => {
              const next = await listClerkQueue(department, state, queue?.nextCursor);
              setQueue((q) => (q ? { ...next, items: [...q.items, ...next.items] } : next));
            })
          }
        />
      )}
      {tab === 'stats' && <StatsTable stats={stats} />}
      <Button
        className='btn btn-secondary'
        onClick={() => {
          logout();
          Taro.switchTab({ url: '/pages/index/index' });
        }}
      >
        退出登录
      </Button>
    </View>
  );
}
