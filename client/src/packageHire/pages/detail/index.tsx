/**
 * One hire: the seven items as a timeline (state, stage, due dates, result
 * numbers, history). An item needing correction offers a correction form
 * (HR only) → POST /api/applications/:id/items/:code/correction.
 */
import { ConfigProvider } from '@nutui/nutui-react-taro';
import zhCN from '@nutui/nutui-react-taro/dist/es/locales/zh-CN';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { formField } from '@/domain/form/fields';
import { usePageStyle } from '../../../components/a11y';
import { ApiError, cachedMe, downloadContract, errorText, getApplication, getRating, ITEM_STATE_TEXT, rateApplication, submitCorrection, type TApplicationView, type TItemView, type TRatingStatus } from '../../../lib/api';
import { openDocx } from '../../../lib/files';
import { historyStage, resultLines } from '../../../lib/labels';
import FieldInput from '../../components/FieldInput';
import RatingCard from '../../components/RatingCard';
import { shanghaiTime } from '../../../lib/time';
import './index.css';

/** The ID photos: kept encrypted, or — once all items were accepted — 已按规定删除 with the date (hash and size stay). */
function idPhotosText(docs: TApplicationView['materials']['identityDocument']): string {
  if (!docs.length) return '未上传，窗口核验';
  const deleted = docs.filter((d) => d.deletedAt).map((d) => d.deletedAt!).sort();
  if (!deleted.length) return `${docs.length} 张照片（加密保存）`;
  const when = shanghaiTime(deleted[deleted.length - 1]!).slice(0, 10);
  return deleted.length === docs.length ? `${docs.length} 张照片已按规定删除（${when}）` : `${docs.length - deleted.length} 张照片（加密保存），${deleted.length} 张已按规定删除（${when}）`;
}


function CorrectionForm({ app, item, onDone }: { app: TApplicationView; item: TItemView; onDone: () => void }) {
  const [values, setValues] = useState<Record<string, { value: unknown; text?: string }>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const fields = item.correctionFields.map((p) => {
    const [section, key] = p.split('.');
    return { path: p, field: section && key ? formField(section as never, key) : undefined };
  });

  const send = async () => {
    setBusy(true);
    setError('');
    try {
      const changes: Record<string, Record<string, unknown>> = {};
      for (const [path, v] of Object.entries(values)) {
        const [section, key] = path.split('.');
        if (section && key && v.value !== undefined) (changes[section] ??= {})[key] = v.value;
      }
      await submitCorrection(app.id, item.code, changes);
      Taro.showToast({ title: '已提交补正', icon: 'success' });
      onDone();
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [k.replace(/^changes\./, ''), m])));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='dt-correction'>
      <Text className='h2'>补正</Text>
      {fields.map(({ path, field }) =>
        field ? (
          <FieldInput
            key={path}
            field={field}
            value={values[path]?.value}
            text={values[path]?.text}
            editable
            error={errors[path]}
            onChange={(value, text) => setValues((v) => ({ ...v, [path]: { value, text } }))}
          />
        ) : (
          <Text key={path} className='muted'>
            {path}
          </Text>
        ),
      )}
      {fields.length === 0 && <Text className='muted'>部门未指明需修改的字段，请联系窗口。</Text>}
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn btn-primary' loading={busy} disabled={(busy || Object.keys(values).length === 0) || undefined} onClick={send}>
        提交补正
      </Button>
    </View>
  );
}

export default function Detail() {
  const style = usePageStyle();
  const { params } = useRouter();
  const id = decodeURIComponent(params.id ?? '');
  const [app, setApp] = useState<TApplicationView>();
  const [error, setError] = useState('');
  const [open, setOpen] = useState<string>();
  const roles = cachedMe()?.roles ?? [];
  const isHr = roles.includes('hr');
  const isClerk = roles.includes('clerk');

  const load = () =>
    getApplication(id)
      .then((a) => (setApp(a), setError('')))
      .catch((e) => setError(errorText(e)));
  useEffect(() => {
    void load();
  }, [id]);

  if (!app) {
    return (
      <View className='page' style={style}>
        <Text className={error ? 'error' : 'muted'}>{error || '加载中…'}</Text>
      </View>
    );
  }
  const done = app.items.filter((i) => i.state === 'done').length;

  return (
    <ConfigProvider locale={zhCN}>
      <View className='page' style={style}>
        <View className='card'>
          <Text className='h1'>
            {app.employee.name}　<Text className='muted'>{app.employee.documentNumber}</Text>
          </Text>
          <Text className='muted'>
            {app.enterpriseName} · 申请号 {app.id}
          </Text>
          {app.onBehalfOf && <Text className='muted dt-due'>窗口受理（工作人员 {app.onBehalfOf.clerk} 代企业提交）</Text>}
          <Text className='label'>
            {done}/{app.items.length} 个事项已办结
          </Text>
          <Button className='btn btn-secondary' onClick={() => void load()}>
            刷新进度
          </Button>
        </View>
        {error && <Text className='error'>{error}</Text>}
        <View className='dt-timeline'>
          {app.items.map((item) => (
            <View key={item.code} className={`card dt-item dt-${item.state}`}>
              <View className='dt-head'>
                <Text className='h2'>{item.name}</Text>
                <Text className={`wz-state wz-state-${item.state}`}>{ITEM_STATE_TEXT[item.state]}</Text>
              </View>
              <Text className='muted'>
                {item.department}
                {item.stage ? ` · 当前环节：${item.stage}` : ''}
              </Text>
              {item.message && <Text className={item.state === 'needs_correction' || item.state === 'rejected' ? 'error' : 'muted'}>{item.message}</Text>}
              {resultLines(item.results).map((r) => (
                <Text key={r.label} className='dt-result'>
                  {r.label}：{r.value}
                </Text>
              ))}
              {item.dueDates.map((d) => (
                <Text key={d.variant} className='muted dt-due'>
                  {d.label ? `${d.label} · ` : ''}一件事时限 {d.oneThing ?? '即时'}
                  {d.promised ? ` · 承诺 ${d.promised}` : ''}
                  {d.legal ? ` · 法定 ${d.legal}` : ''}
                </Text>
              ))}
              <View className='dt-history'>
                {item.history.map((h, i) => (
                  <View key={i} className='dt-h'>
                    <Text className='dt-h-dot'>•</Text>
                    <Text className='muted'>
                      {h.at.replace('T', ' ').slice(5, 16)} {ITEM_STATE_TEXT[h.state]}
                      {historyStage(ITEM_STATE_TEXT[h.state], h.stage) ? ` · ${h.stage}` : ''}
                      {h.note ? ` · ${h.note}` : ''}
                    </Text>
                  </View>
                ))}
              </View>
              {item.state === 'needs_correction' && (isHr || isClerk) && (
                <View>
                  {open === item.code ? (
                    <CorrectionForm
                      app={app}
                      item={item}
                      onDone={() => {
                        setOpen(undefined);
                        void load();
                      }}
                    />
                  ) : (
                    <Button className='btn btn-primary' onClick={() => setOpen(item.code)}>
                      去补正
                    </Button>
                  )}
                </View>
              )}
            </View>
          ))}
        </View>
        {done === app.items.length && (isHr || isClerk) && <Rating id={app.id} />}
        <MaterialsCard app={app} />
      </View>
    </ConfigProvider>
  );
}

/** 好差评 once all seven items are done: the HR contact rates; a clerk sees the rating. */
function Rating({ id }: { id: string }) {
  const [status, setStatus] = useState<TRatingStatus>();
  useEffect(() => {
    getRating(id).then(setStatus, () => setStatus(undefined));
  }, [id]);
  return (
    <RatingCard
      status={status}
      onSubmit={async (level, comment) => {
        const r = await rateApplication(id, level, comment || undefined);
        setStatus({ rating: r.rating, canRate: false });
        Taro.showToast({ title: '感谢您的评价', icon: 'success' });
      }}
    />
  );
}

/** The materials filed with the hire: what was given, with the fingerprints kept; the generated contract can be opened again. */
function MaterialsCard({ app }: { app: TApplicationView }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const m = app.materials;
  const contract = m.laborContract;
  const open = async () => {
    setBusy(true);
    setNote('');
    try {
      const r = await downloadContract(app.id);
      await openDocx(r.docx, '劳动合同');
    } catch (e) {
      setNote(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='card' aria-label='材料'>
      <Text className='h2'>材料</Text>
      <Text className='dt-result'>申请表：由填报内容生成</Text>
      <Text className='dt-result'>有效身份证件：{idPhotosText(m.identityDocument)}</Text>
      {contract.mode === 'generated' ? (
        <View>
          <Text className='dt-result'>劳动合同：按《劳动合同（通用）》生成</Text>
          <Text className='muted dt-due'>内容指纹 SHA-256 {contract.contentSha256.slice(0, 16)}…</Text>
          <Button className='btn btn-secondary' disabled={busy || undefined} loading={busy} onClick={open}>
            查看劳动合同
          </Button>
        </View>
      ) : (
        <Text className='dt-result'>劳动合同：已签合同扫描件 {contract.pages.length} 页</Text>
      )}
      {note && <Text className='error'>{note}</Text>}
    </View>
  );
}
