/**
 * The hire wizard: one step per section of the one form, driven by FORM_FIELDS.
 * 单位 → 人员 → 就业登记 → 社保医保 → 用工备案 → 公积金 → 材料 → 核对提交.
 */
import { ConfigProvider } from '@nutui/nutui-react-taro';
import zhCN from '@nutui/nutui-react-taro/dist/es/locales/zh-CN';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { localToday } from '@/domain/calendar/dates';
import { documentKindOf } from '@/domain/identity/document';
import { MATERIALS } from '@/domain/items/catalog';
import { checkHire } from '@/domain/precheck/check-hire';
import { usePageStyle } from '../../../components/a11y';
import { ApiError, autofillEnterprise, autofillPerson, cachedMe, errorText, fetchMe, ITEM_STATE_TEXT, submitApplication, type TApplicationView, type TMe } from '../../../lib/api';
import { clearDraft, loadOrCreateDraft, saveDraft } from '../../../lib/draft-store';
import {
  applyAutofill,
  applyEmployerConstants,
  buildApplication,
  fieldValue,
  isEditable,
  newDraft,
  nextDraftAfter,
  pathOf,
  precheckRows,
  provenanceLabel,
  REVIEW_STEP,
  sectionFields,
  serverIssuesBySection,
  setField,
  touchSection,
  visibleIssues,
  WIZARD_STEPS,
  type TDraft,
  type TFindingTarget,
  type TSectionKey,
} from '../../../lib/form-state';
import { taroStore } from '../../../lib/taro-kv';
import { resultLines } from '../../../lib/labels';
import FieldInput from '../../components/FieldInput';
import PrecheckPanel from '../../components/PrecheckPanel';
import './index.css';

export default function Wizard() {
  const style = usePageStyle();
  const initial = useMemo(() => loadOrCreateDraft(taroStore), []);
  const [draft, setDraft] = useState<TDraft>(initial.draft);
  const [me, setMe] = useState<TMe | undefined>(cachedMe());
  const [status, setStatus] = useState(initial.restored ? '已恢复上次未完成的草稿' : '');
  const [error, setError] = useState('');
  const [serverIssues, setServerIssues] = useState<Record<string, Record<string, string>>>({});
  const [focus, setFocus] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<TApplicationView>();
  const draftRef = useRef(draft);
  draftRef.current = draft;

  const step = WIZARD_STEPS[draft.step] ?? WIZARD_STEPS[0]!;
  const today = localToday();

  // Save (debounced) after every change, and at once on every step change (goTo).
  useEffect(() => {
    const t = setTimeout(() => saveDraft(taroStore, draftRef.current), 400);
    return () => clearTimeout(t);
  }, [draft]);

  // Who am I, and the enterprise auto-fill (单位 + the employer's constants).
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const m = await fetchMe();
        if (cancelled) return;
        setMe(m);
        if (!m.enterprise || draftRef.current.provenance['employer.name']) return;
        setStatus('正在从市场监管获取单位信息…');
        const r = await autofillEnterprise(m.enterprise);
        if (cancelled) return;
        setDraft((d) => applyEmployerConstants(applyAutofill(d, 'employer', r), r.employerConstants ?? {}));
        setStatus(r.problems?.length ? r.problems.map((p) => p.message).join('；') : '已自动填入单位信息');
      } catch (e) {
        if (!cancelled) setError(errorText(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  // Person auto-fill when the document number and name are typed.
  const emp = draft.values.employee ?? {};
  useEffect(() => {
    const kind = documentKindOf(String(emp.documentType ?? ''));
    const number = String(emp.documentNumber ?? '').trim().toUpperCase();
    const name = String(emp.name ?? '').trim();
    if (!kind || !name || number.length < (kind === 'citizen_id' ? 18 : 8)) return;
    const key = `${kind}|${number}|${name}`;
    if (draftRef.current.personLookup === key) return;
    const t = setTimeout(async () => {
      setStatus('正在从公安、人社部获取人员信息…');
      try {
        const r = await autofillPerson(kind, number, name);
        setDraft((d) => ({ ...applyAutofill(d, 'employee', r), personLookup: key }));
        setServerIssues((s) => ({ ...s, employee: {} }));
        setStatus(r.problems?.length ? r.problems.map((p) => p.message).join('；') : '已自动填入人员信息，请核对');
      } catch (e) {
        setDraft((d) => ({ ...d, personLookup: key }));
        if (e instanceof ApiError && Object.keys(e.fields).length) {
          setServerIssues((s) => ({ ...s, employee: { documentNumber: Object.values(e.fields)[0]! } }));
          setStatus('');
        } else setStatus(errorText(e));
      }
    }, 700);
    return () => clearTimeout(t);
  }, [emp.documentType, emp.documentNumber, emp.name]);

  const goTo = (n: number, focusPath?: string) => {
    const next = saveDraft(taroStore, { ...draftRef.current, step: n });
    setDraft(next);
    setFocus(focusPath);
    setError('');
    setTimeout(() => {
      if (focusPath) Taro.pageScrollTo({ selector: `#f-${focusPath.replace('.', '-')}`, duration: 200 }).catch(() => undefined);
      else Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    }, 80);
  };

  const onJump = (t: TFindingTarget) => goTo(t.step, t.key ? pathOf(t.section, t.key) : undefined);

  const next = (skip = false) => {
    if (step.section && !skip) {
      const touched = touchSection(draft, step.section);
      setDraft(touched);
      const issues = visibleIssues(touched, step.section);
      if (Object.keys(issues).length) {
        setError(`本页还有 ${Object.keys(issues).length} 项需要修改，可修改后继续，或先跳过`);
        return;
      }
    }
    goTo(Math.min(draft.step + 1, REVIEW_STEP));
  };

  const check = useMemo(() => (draft.step === REVIEW_STEP ? checkHire(buildApplication(draft, today), today) : undefined), [draft, today]);

  const submit = async () => {
    setSubmitting(true);
    setError('');
    try {
      const body = buildApplication(draftRef.current, today);
      const r = await submitApplication(draftRef.current, body);
      const done = saveDraft(taroStore, { ...draftRef.current, submitted: { applicationId: r.application.id, at: new Date().toISOString() } });
      setDraft(done);
      setResult(r.application);
      setStatus('');
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) {
        setServerIssues(serverIssuesBySection(e.fields));
        const extra = e.issues.map((i) => i.message).filter((m) => m !== e.message);
        if (extra.length) setError(`${errorText(e)}：${extra.join('；')}`);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const startOver = () => {
    const previous = draftRef.current;
    clearDraft(taroStore);
    const d = saveDraft(taroStore, previous.submitted ? nextDraftAfter(previous) : newDraft());
    setDraft(d);
    setResult(undefined);
    setServerIssues({});
    setStatus('');
    Taro.reLaunch?.({ url: '/packageHire/pages/wizard/index' }).catch(() => undefined);
  };

  if (me && !me.roles.includes('hr')) {
    return (
      <View className='page' style={style}>
        <View className='card'>
          <Text className='h2'>请先绑定企业</Text>
          <Text className='muted'>新录用一件事由企业人事办理，需先通过电子营业执照授权绑定企业。</Text>
          <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: '/packageAuth/pages/login/index' })}>
            去绑定
          </Button>
        </View>
      </View>
    );
  }

  const renderSection = (section: TSectionKey) => {
    const issues = { ...visibleIssues(draft, section), ...(serverIssues[section] ?? {}) };
    return (
      <View className='card'>
        {(draft.problems[section] ?? []).map((p) => (
          <Text key={p} className='fi-hint'>
            {p}
          </Text>
        ))}
        {sectionFields(section).map((f) => {
          const path = pathOf(section, f.key);
          const prov = draft.provenance[path];
          return (
            <FieldInput
              key={path}
              field={f}
              value={fieldValue(draft, section, f.key)}
              text={draft.texts[path]}
              editable={isEditable(draft, f)}
              badge={prov && prov.source !== 'manual' ? provenanceLabel(prov) : undefined}
              hint={draft.manualHints[path] ?? (prov && f.meta.manualEntry ? '自动获取，可修改' : f.meta.hint)}
              error={issues[f.key]}
              highlight={focus === path}
              onChange={(value, text) => {
                setDraft((d) => setField(d, section, f.key, value, text));
                if (serverIssues[section]?.[f.key]) setServerIssues((s) => ({ ...s, [section]: { ...s[section], [f.key]: '' } }));
              }}
            />
          );
        })}
        {issues[''] && <Text className='error'>{issues['']}</Text>}
      </View>
    );
  };

  return (
    <ConfigProvider locale={zhCN}>
      <View className='page wizard' style={style}>
        <View className='wz-steps' role='tablist' aria-label='填报步骤'>
          {WIZARD_STEPS.map((s, i) => (
            <View
              key={s.key}
              className={`wz-step ${i === draft.step ? 'wz-step-on' : ''} ${i < draft.step ? 'wz-step-done' : ''}`}
              role='tab'
              aria-selected={i === draft.step}
              aria-label={`第${i + 1}步 ${s.title}`}
              onClick={() => goTo(i)}
            >
              <Text className='wz-step-n'>{i + 1}</Text>
              <Text className='wz-step-t'>{s.title}</Text>
            </View>
          ))}
        </View>

        <Text className='h1'>{step.title}</Text>
        {status && <Text className='muted wz-status'>{status}</Text>}

        {step.section && renderSection(step.section)}

        {step.key === 'materials' && (
          <View className='card'>
            <Text className='muted'>最多三份材料：</Text>
            {Object.values(MATERIALS).map((m) => (
              <View key={m.name} className='wz-material'>
                <Text className='h2'>{m.name}</Text>
                <Text className='muted'>{m.note}</Text>
              </View>
            ))}
            <Text className='fi-hint'>
              说明：申请表由本次填报内容生成；身份证件照片上传和劳动合同上传尚未开放（后续版本提供），当前提交不含附件。
            </Text>
          </View>
        )}

        {step.key === 'review' && !result && check && (
          <View>
            <View className='card'>
              <Text className='h2'>七个事项预检</Text>
              <Text className='muted'>
                {check.status === 'block' ? '有事项无法办理，请点击问题去修改' : check.status === 'warn' ? '可以提交，请留意黄色提示' : '全部事项均可办理'}
              </Text>
              <Text className='label'>
                填报人：{String(draft.values.employer?.contactName ?? '（单位联系人）')}　填报日期：{today}
              </Text>
            </View>
            <PrecheckPanel rows={precheckRows(check)} onJump={onJump} />
            <Button className='btn btn-primary' disabled={(check.status === 'block' || submitting) || undefined} loading={submitting} onClick={submit}>
              {draft.submitted ? '再次提交（同一申请不会重复办理）' : '提交，七个事项一次办理'}
            </Button>
          </View>
        )}

        {result && (
          <View className='card'>
            <Text className='h2'>已提交</Text>
            <Text className='muted'>
              申请号 {result.id} · {result.employee.name}（{result.employee.documentNumber}）
            </Text>
            {result.items.map((i) => (
              <View key={i.code} className='wz-result'>
                <Text className='wz-result-name'>{i.name}</Text>
                <Text className={`wz-state wz-state-${i.state}`}>{ITEM_STATE_TEXT[i.state]}</Text>
                {i.message && <Text className='muted'>{i.message}</Text>}
                {resultLines(i.results).map((r) => (
                  <Text key={r.label} className='dt-result'>
                    {r.label}：{r.value}
                  </Text>
                ))}
              </View>
            ))}
            <Button className='btn btn-primary' onClick={() => Taro.redirectTo({ url: `/packageHire/pages/detail/index?id=${result.id}` })}>
              查看办理进度
            </Button>
            <Button className='btn btn-secondary' onClick={startOver}>
              录用下一位员工
            </Button>
          </View>
        )}

        {error && (
          <Text className='error'>
            {error}
          </Text>
        )}

        {draft.step < REVIEW_STEP && (
          <View className='wz-nav'>
            {draft.step > 0 && (
              <Button className='btn btn-secondary wz-nav-btn' onClick={() => goTo(draft.step - 1)}>
                上一步
              </Button>
            )}
            <Button className='btn btn-primary wz-nav-btn' onClick={() => next()}>
              下一步
            </Button>
          </View>
        )}
        {error && draft.step < REVIEW_STEP && (
          <Button className='btn btn-secondary' onClick={() => next(true)}>
            先跳过，稍后填写
          </Button>
        )}
        {draft.step === REVIEW_STEP && !result && (
          <Button className='btn btn-secondary' onClick={() => goTo(draft.step - 1)}>
            上一步
          </Button>
        )}
      </View>
    </ConfigProvider>
  );
}
