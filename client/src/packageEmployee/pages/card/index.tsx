/**
 * 电子社保卡: the card face (name, 社会保障号码 and card number masked; the eye
 * icon shows the full card number after a fresh 人脸核身), the card status,
 * the dynamic QR code (60 s, single use, refreshed automatically before it
 * expires), the physical card's 制卡进度 and 领卡网点, and a link to the
 * national 电子社保卡 mini-program.
 *
 * weapp: 人脸核身 is wx.requestFacialVerify with a verifyId from the server
 * (as in the employee binding). H5 has no WeChat: a clearly labelled 开发模式
 * lets the simulator pass the face check, as the login page does.
 */
import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isH5, usePageStyle } from '../../../components/a11y';
import { ApiError, errorText, getCardQr, getMyCard, revealCard, simulateFacialVerify, startCardReveal, type TCardQr, type TCardReveal, type TCardView } from '../../../lib/api';
import { qrPngDataUrl } from '../../../lib/qr-png';
import './index.css';

const ECARD_APP_ID: string = typeof ECARD_APPID === 'string' ? ECARD_APPID : '';
const ECARD_PAGE: string = typeof ECARD_PATH === 'string' ? ECARD_PATH : '';
/** The full number is masked again after this long. */
const REVEAL_SECONDS = 60;

/** `2026-11-26T02:00:00Z` → `2026-11-26 10:00` (Beijing time). */
function shTime(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function requestFacialVerify(verifyId: string): Promise<void> {
  const wxApi = (globalThis as unknown as { wx?: { requestFacialVerify?: (o: object) => void } }).wx;
  return new Promise((resolve, reject) => {
    if (!wxApi?.requestFacialVerify) return reject(new Error('当前微信版本不支持人脸核身'));
    wxApi.requestFacialVerify({ verifyId, success: () => resolve(), fail: (e: { errMsg?: string }) => reject(new Error(e?.errMsg ?? '人脸核身未通过')) });
  });
}

const STATUS_CLASS: Record<string, string> = { normal: 'ec-status-ok', sealed: 'ec-status-warn', lost: 'ec-status-bad', cancelled: 'ec-status-bad', unknown: 'ec-status-unknown' };

export default function Card() {
  const style = usePageStyle();
  const [card, setCard] = useState<TCardView>();
  const [missing, setMissing] = useState('');
  const [error, setError] = useState('');
  const [qr, setQr] = useState<{ data: TCardQr; image: string; receivedAt: number }>();
  const [qrError, setQrError] = useState('');
  const [now, setNow] = useState(Date.now());
  const [revealed, setRevealed] = useState<TCardReveal>();
  const [busy, setBusy] = useState('');
  const visible = useRef(true);
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>();

  const loadQr = useCallback(async () => {
    clearTimeout(refreshTimer.current);
    try {
      const data = await getCardQr();
      setQr({ data, image: qrPngDataUrl(data.token), receivedAt: Date.now() });
      setQrError('');
      // a new code before this one expires; only while the page is on screen
      refreshTimer.current = setTimeout(() => {
        if (visible.current) void loadQr();
      }, data.refreshInSeconds * 1000);
    } catch (e) {
      setQr(undefined);
      setQrError(errorText(e));
      refreshTimer.current = setTimeout(() => {
        if (visible.current) void loadQr();
      }, 15_000);
    }
  }, []);

  const load = useCallback(async () => {
    setError('');
    try {
      const view = await getMyCard();
      setCard(view);
      setMissing('');
      if (view.qr.available) await loadQr();
      else setQr(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') setMissing(e.message);
      else setError(errorText(e));
    }
  }, [loadQr]);

  useDidShow(() => {
    visible.current = true;
    void load();
  });
  useDidHide(() => {
    visible.current = false;
    clearTimeout(refreshTimer.current);
    setRevealed(undefined);
  });
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  // the countdown under the QR code, and masking the revealed number again
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (!revealed) return undefined;
    const t = setTimeout(() => setRevealed(undefined), REVEAL_SECONDS * 1000);
    return () => clearTimeout(t);
  }, [revealed]);

  const toggleReveal = async () => {
    if (revealed) return setRevealed(undefined);
    setBusy('reveal');
    setError('');
    try {
      const { verifyId } = await startCardReveal();
      if (isH5) await simulateFacialVerify(verifyId);
      else await requestFacialVerify(verifyId);
      setRevealed(await revealCard(verifyId));
    } catch (e) {
      setError(`未能显示完整卡号：${errorText(e)}`);
    } finally {
      setBusy('');
    }
  };

  const openNationalCard = () => {
    if (isH5) {
      void Taro.showModal({ title: '请在微信中打开', content: '此按钮在微信小程序中跳转到国家“电子社保卡”小程序；H5 页面无法打开其他小程序。', showCancel: false });
      return;
    }
    if (!ECARD_APP_ID) {
      void Taro.showModal({ title: '提示', content: '本小程序尚未配置国家电子社保卡小程序的 AppID，请在微信中搜索“电子社保卡”使用。', showCancel: false });
      return;
    }
    Taro.navigateToMiniProgram({ appId: ECARD_APP_ID, ...(ECARD_PAGE ? { path: ECARD_PAGE } : {}) }).catch((e: { errMsg?: string }) => {
      if (!/cancel/.test(e?.errMsg ?? '')) setError(`未能打开电子社保卡小程序：${e?.errMsg ?? ''}`);
    });
  };

  const elapsed = qr ? Math.max(0, Math.floor((now - qr.receivedAt) / 1000)) : 0;
  const left = qr ? Math.max(0, qr.data.ttlSeconds - elapsed) : 0;
  const refreshIn = qr ? Math.max(0, qr.data.refreshInSeconds - elapsed) : 0;

  if (missing) {
    return (
      <View className='page' style={style}>
        <View className='card'>
          <Text className='h2'>电子社保卡</Text>
          <Text className='muted'>{missing}</Text>
        </View>
        <Button className='btn btn-secondary' onClick={openNationalCard}>
          打开国家电子社保卡小程序
        </Button>
        {isH5 && <Text className='muted ec-note'>此按钮在微信小程序中跳转到国家“电子社保卡”小程序；H5 中不可用，请在微信中打开本小程序。</Text>}
      </View>
    );
  }

  return (
    <View className='page' style={style}>
      {!card && !error && <Text className='muted'>加载中…</Text>}
      {card && (
        <View className='ec-face' aria-label='电子社保卡卡面'>
          <View className='ec-face-head'>
            <Text className='ec-face-title'>中华人民共和国社会保障卡</Text>
            <Text className='ec-face-sub'>电子社保卡 · 内蒙古自治区乌海市</Text>
          </View>
          <View className='ec-row'>
            <Text className='ec-key'>姓名</Text>
            <Text className='ec-val' data-testid='card-name'>
              {revealed ? revealed.name : card.holder.name}
            </Text>
          </View>
          <View className='ec-row'>
            <Text className='ec-key'>社会保障号码</Text>
            <Text className='ec-val'>{card.holder.socialSecurityNumber}</Text>
          </View>
          <View className='ec-row'>
            <Text className='ec-key'>社保卡号</Text>
            <Text className='ec-val ec-no' data-testid='card-no'>
              {revealed ? revealed.cardNo : (card.cardNo ?? '尚未发卡')}
            </Text>
            {card.cardNo && (
              <View
                className={`ec-eye${busy === 'reveal' ? ' ec-eye-busy' : ''}`}
                role='button'
                aria-label={revealed ? '隐藏完整卡号' : isH5 ? '显示完整卡号（开发模式：模拟人脸核身）' : '显示完整卡号（需人脸核身）'}
                onClick={busy ? undefined : toggleReveal}
              >
                <View className={`ec-eye-icon${revealed ? ' ec-eye-icon-off' : ''}`}>
                  <View className='ec-eye-pupil' />
                </View>
                <Text className='ec-eye-text'>{busy === 'reveal' ? '核身中' : revealed ? '隐藏' : '显示'}</Text>
              </View>
            )}
          </View>
          <View className='ec-row'>
            <Text className='ec-key'>卡状态</Text>
            <Text className={`ec-status ${STATUS_CLASS[card.status.code] ?? ''}`} data-testid='card-status'>
              {card.status.label}
            </Text>
          </View>
          {card.status.message && <Text className='ec-face-note'>{card.status.message}</Text>}
          {revealed && <Text className='ec-face-note'>完整卡号将在 {REVEAL_SECONDS} 秒后或离开本页时重新隐藏</Text>}
        </View>
      )}
      {card && isH5 && (
        <View className='card dev-card'>
          <Text className='dev-tag'>开发模式</Text>
          <Text className='muted'>H5 中没有微信：点击眼睛图标显示完整卡号时，人脸核身由本地模拟器代替（模拟通过），仅供开发调试。</Text>
        </View>
      )}

      {card && (
        <View className='card ec-qr-card'>
          <Text className='h2'>电子社保卡二维码</Text>
          {card.qr.available ? (
            qr ? (
              <View className='ec-qr-box'>
                <Image
                  className='ec-qr'
                  src={qr.image}
                  mode='scaleToFill'
                  data-testid='card-qr'
                  aria-label={`电子社保卡二维码，${qr.data.ttlSeconds}秒内有效，仅可使用一次`}
                />
                <Text className='muted ec-qr-hint' aria-live='polite'>
                  {left > 0 ? `有效期剩余 ${left} 秒，${refreshIn > 0 ? `${refreshIn} 秒后` : '即将'}自动刷新；每个二维码仅可使用一次` : '二维码已过期，正在刷新…'}
                </Text>
                <Button className='btn btn-secondary' onClick={() => void loadQr()}>
                  刷新二维码
                </Button>
              </View>
            ) : (
              <Text className={qrError ? 'error' : 'muted'}>{qrError || '二维码生成中…'}</Text>
            )
          ) : (
            <Text className='muted'>{card.qr.reason}</Text>
          )}
          <Text className='muted ec-note'>请仅向医院、药店、社保经办等扫码终端出示；请勿截图转发。</Text>
        </View>
      )}

      {card?.production && (
        <View className='card'>
          <Text className='h2'>制卡进度（实体卡）</Text>
          {card.production.applicationNo && <Text className='muted'>申领单号 {card.production.applicationNo}</Text>}
          <View className='ec-stages' role='list' aria-label='制卡进度'>
            {card.production.stages.map((s) => (
              <View key={s.stage} className={`ec-stage${s.reached ? ' ec-stage-on' : ''}`} role='listitem' aria-label={`${s.stage}：${s.reached ? `已完成${s.at ? `，${shTime(s.at)}` : ''}` : '未到达'}`}>
                <View className='ec-dot' />
                <Text className='ec-stage-name'>{s.stage}</Text>
                <Text className='ec-stage-at'>{s.reached ? shTime(s.at) || '已完成' : ''}</Text>
              </View>
            ))}
          </View>
          {card.production.failed && <Text className='error'>制卡失败：{card.item.message}</Text>}
          {card.collectionBranch && (
            <View>
              <Text className='label'>领卡网点</Text>
              <Text className='dt-result' data-testid='card-branch'>
                {card.collectionBranch}
              </Text>
              <Text className='muted'>领卡时请携带本人有效身份证件；领卡后需激活方可使用。</Text>
            </View>
          )}
        </View>
      )}

      {card && (
        <View className='card'>
          <Text className='muted'>申领单位：{card.enterpriseName}</Text>
          <Text className='muted ec-note'>{card.licence ? `已同步至政府电子证照库（${shTime(card.licence.pushedAt)}）` : '同步至政府电子证照库中'}</Text>
        </View>
      )}

      <Button className='btn btn-secondary' onClick={openNationalCard}>
        打开国家电子社保卡小程序
      </Button>
      {isH5 && <Text className='muted ec-note'>此按钮在微信小程序中跳转到国家“电子社保卡”小程序；H5 中不可用，请在微信中打开本小程序。</Text>}
      {error && <Text className='error'>{error}</Text>}
    </View>
  );
}
