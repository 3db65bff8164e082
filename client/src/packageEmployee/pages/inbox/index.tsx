/**
 * 消息: every notification about my hires (HR) or my card and certificate
 * (employee), newest first, whether or not WeChat could push it. When the
 * one-time subscriptions are used up, this is the channel — and a tap here
 * asks for them again.
 */
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { TSubscriptionsView } from '@/domain/notifications/subscriptions';
import { usePageStyle } from '../../../components/a11y';
import { usePaged } from '../../../components/usePagedSummaries';
import { errorText, getSubscriptions, listMessages, markMessagesRead, reportSubscriptions, type TInboxMessage } from '../../../lib/api';
import { askSubscriptions } from '../../../lib/subscribe';
import { SUBSCRIBE_IS_SIMULATED, subscribeRequester } from '../../../lib/subscribe-request';
import './index.css';

const PUSH_TEXT: Record<string, string> = {
  sent: '已通过微信通知',
  no_quota: '微信订阅次数已用完，仅站内消息',
  refused: '微信未送达（未订阅），仅站内消息',
  failed: '微信发送失败，仅站内消息',
  unknown: '微信通知状态未知',
  pending: '',
};

const when = (iso: string) => iso.replace('T', ' ').slice(5, 16);

export default function Inbox() {
  const style = usePageStyle();
  const [unread, setUnread] = useState(0);
  const [subs, setSubs] = useState<TSubscriptionsView>();
  const [note, setNote] = useState('');
  const list = usePaged<TInboxMessage, Awaited<ReturnType<typeof listMessages>>>(listMessages, (p) => setUnread(p.unread));

  useEffect(() => {
    getSubscriptions().then(setSubs, () => undefined);
  }, []);

  const open = async (m: TInboxMessage) => {
    if (!m.read) {
      list.setItems((items) => items.map((x) => (x.id === m.id ? { ...x, read: true } : x)));
      markMessagesRead({ ids: [m.id] }).then((r) => setUnread(r.unread), () => undefined);
    }
    if (m.page) Taro.navigateTo({ url: `/${m.page}` }).catch(() => undefined);
  };

  const readAll = async () => {
    try {
      const r = await markMessagesRead({ all: true });
      setUnread(r.unread);
      list.setItems((items) => items.map((x) => ({ ...x, read: true })));
    } catch (e) {
      setNote(errorText(e));
    }
  };

  // a natural tap: ask for the subscriptions that are used up
  const subscribe = async () => {
    setNote('');
    const r = await askSubscriptions({
      view: subs,
      request: subscribeRequester(),
      report: reportSubscriptions,
      trigger: 'inbox',
      requestId: `sub-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    });
    const accepted = r ? Object.values(r.answers).filter((a) => a === 'accept').length : 0;
    setNote(r ? (accepted ? `已订阅 ${accepted} 类通知${SUBSCRIBE_IS_SIMULATED ? '（开发模式：模拟微信授权）' : ''}` : '未订阅，通知仍会出现在这里') : '当前环境不能订阅微信通知');
    getSubscriptions().then(setSubs, () => undefined);
  };

  const empty = subs?.templates.filter((t) => t.remaining === 0) ?? [];

  return (
    <View className='page' style={style}>
      <View className='card'>
        <Text className='h1'>消息</Text>
        <Text className='muted'>{unread ? `${unread} 条未读` : '没有未读消息'}</Text>
        {unread > 0 && (
          <Button className='btn btn-secondary' onClick={readAll}>
            全部标为已读
          </Button>
        )}
      </View>

      {subs && subs.templates.length > 0 && (
        <View className='card' aria-label='微信通知'>
          <Text className='h2'>微信通知</Text>
          {subs.templates.map((t) => (
            <Text key={t.key} className='label'>
              {t.title}：剩余 {t.remaining} 次
            </Text>
          ))}
          {empty.length > 0 && <Text className='muted'>订阅一次可收到一条微信通知；次数用完后消息只在这里显示。</Text>}
          <Button className='btn btn-primary' onClick={subscribe}>
            订阅办理进度的微信通知
          </Button>
          {note && <Text className='muted'>{note}</Text>}
        </View>
      )}

      {list.items.map((m) => (
        <View key={m.id} className={`card ib-item ${m.read ? '' : 'ib-unread'}`} role='button' aria-label={`${m.read ? '' : '未读，'}${m.title}`} onClick={() => open(m)}>
          <View className='ib-head'>
            {!m.read && <Text className='ib-dot'>●</Text>}
            <Text className='h2 ib-title'>{m.title}</Text>
          </View>
          <Text className='ib-body'>{m.body}</Text>
          <Text className='muted'>
            {when(m.at)}
            {PUSH_TEXT[m.push] ? ` · ${PUSH_TEXT[m.push]}` : ''}
          </Text>
        </View>
      ))}
      {!list.loading && list.items.length === 0 && !list.error && <Text className='muted'>暂无消息。提交入职一件事后，受理、办结和需要补正都会在这里通知您。</Text>}
      {list.error && <Text className='error'>{list.error}</Text>}
      {list.hasMore && (
        <Button className='btn btn-secondary' loading={list.loading} onClick={() => void list.loadMore()}>
          加载更多
        </Button>
      )}
    </View>
  );
}
