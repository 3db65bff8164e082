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
import { checkHire } from '@/domain/precheck/check-hire';
import { usePageStyle } from '../../../components/a11y';
import {
  ApiError,
  autofillEnterprise,
  autofillPerson,
  cachedMe,
  errorText,
  fetchMe,
  getIdPhotoNotice,
  getSubscriptions,
  ITEM_STATE_TEXT,
  previewContract,
  recordIdPhotoConsent,
  recordIdPhotoConsentFor,
  reportSubscriptions,
  submitApplication,
  uploadMaterial,
  uploadMaterialFor,
  type TApplicationView,
  type TMe,
} from '../../../lib/api';
import { fitForUpload, openDocx } from '../../../lib/files';
import { bytesToBase64, materialNotes, materialsOf, sniffContentType, type TDraftMaterials } from '../../../lib/materials';
import { askSubscriptions } from '../../../lib/subscribe';
import { subscribeRequester } from '../../../lib/subscribe-request';
import type { TSubscriptionsView } from '@/domain/notifications/subscriptions';
import { clearDraft, loadOrCreateDraft, saveDraft } from '../../../lib/draft-store';
import {
  applyAutofill,
  applyEmployerConstants,
  buildApplication,
  buildFiling,
  newDraft,
  nextDraftAfter,
  pathOf,
  REVIEW_STEP,
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
import MaterialsStep, { type TMaterialsServices } from '../../components/MaterialsStep';
import ReviewStep from '../../components/ReviewStep';
import SectionStep from '../../components/SectionStep';
import WindowEnterprise from '../../components/WindowEnterprise';
import './index.css';

/** NutUI in the app's blue (its default primary is red, which reads as an error here). */
const NUT_THEME = { nutuiColorPrimary: '#1f5fbf', nutuiColorPrimaryStop1: '#1f5fbf', nutuiColorPrimaryStop2: '#1f5fbf' };

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
  const [subscriptions, setSubscriptions] = useState<TSubscriptionsView>();
  const draftRef = useRef(draft);
  draftRef.current = draft;
  /** A window clerk files for the enterprise they name (一窗受理). */
  const isClerk = Boolean(me?.roles.includes('clerk'));
  const clerkRef = useRef(isClerk);
  clerkRef.current = isClerk;
  const windowUscc = () => (clerkRef.current ? String(draftRef.current.values.employer?.uscc ?? '') : undefined);

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
        if (m.roles.includes('hr')) getSubscriptions().then((v) => !cancelled && setSubscriptions(v), () => undefined);
        // a draft left for another enterprise (e.g. a window filing on a shared device) is not this HR contact's
        const drafted = draftRef.current.values.employer?.uscc;
        if (m.enterprise && drafted && drafted !== m.enterprise) {
          draftRef.current = newDraft();
          setDraft(draftRef.current);
        }
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
    setStatus(''); // a lookup's message belongs to the step it was made on
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

  const materials = materialsOf(draft);
  const setMaterials = (update: (m: TDraftMaterials) => TDraftMaterials) => setDraft((d) => ({ ...d, materials: update(materialsOf(d)) }));
  const materialServices = useMemo<TMaterialsServices>(
    () => ({
      getNotice: async () => (await getIdPhotoNotice()).notice,
      recordConsent: (version) => {
        const uscc = windowUscc();
        return uscc ? recordIdPhotoConsentFor(uscc, version) : recordIdPhotoConsent(version);
      },
      upload: async (kind, file, consentId) => {
        const bytes = await fitForUpload(file);
        const contentType = sniffContentType(bytes);
        if (!contentType || contentType === 'application/pdf') throw new Error('只支持 JPEG 或 PNG 格式的照片');
        const dataBase64 = bytesToBase64(bytes);
        const body = kind === 'id_photo' ? ({ kind, consentId: consentId ?? '', contentType, dataBase64 } as const) : ({ kind, contentType, dataBase64 } as const);
        const uscc = windowUscc();
        const r = await (uscc ? uploadMaterialFor(uscc, body) : uploadMaterial(body));
        return { materialId: r.materialId, sha256: r.sha256, size: r.size, preview: file.tempFilePath ?? file.path };
      },
      previewContract: async () => {
        const r = await previewContract(buildApplication(draftRef.current, localToday()));
        await openDocx(r.docx, '劳动合同');
        return r.contentSha256;
      },
    }),
    [],
  );

  const submit = async () => {
    // First, on the tap itself (WeChat shows the dialog only then): ask for the progress messages.
    const asked = askSubscriptions({ view: subscriptions, request: subscribeRequester(), report: reportSubscriptions, trigger: 'submit', requestId: `sub-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}` })
      .then(() => getSubscriptions().then(setSubscriptions))
      .catch(() => undefined);
    setSubmitting(true);
    setError('');
    try {
      await Promise.race([asked, new Promise((r) => setTimeout(r, 15_000))]);
      const body = buildFiling(draftRef.current, today);
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

  /** 一窗受理: the enterprise's auto-fill for the USCC the clerk gives; another enterprise starts a new draft. */
  const chooseEnterprise = async (uscc: string) => {
    const r = await autofillEnterprise(uscc);
    setDraft((d) => {
      const base = d.values.employer?.uscc && d.values.employer.uscc !== uscc ? newDraft() : d;
      const filled = applyEmployerConstants(applyAutofill(base, 'employer', r), r.employerConstants ?? {});
      return filled.values.employer?.uscc === uscc ? filled : { ...filled, values: { ...filled.values, employer: { ...filled.values.employer, uscc } } };
    });
    setServerIssues({});
    setStatus(r.problems?.length ? r.problems.map((p) => p.message).join('；') : '已自动填入单位信息');
  };

  if (me && !me.roles.includes('hr') && !isClerk) {
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

  const renderSection = (section: TSectionKey) => (
    <SectionStep
      draft={draft}
      section={section}
      issues={{ ...visibleIssues(draft, section), ...(serverIssues[section] ?? {}) }}
      focus={focus}
      onChange={(key, value, text) => {
        setDraft((d) => setField(d, section, key, value, text));
        if (serverIssues[section]?.[key]) setServerIssues((s) => ({ ...s, [section]: { ...s[section], [key]: '' } }));
      }}
    />
  );

  return (
    <ConfigProvider locale={zhCN} theme={NUT_THEME}>
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
        {isClerk && draft.step === 0 && !result && (
          <WindowEnterprise
            uscc={draft.values.employer?.uscc ? String(draft.values.employer.uscc) : undefined}
            enterpriseName={draft.values.employer?.name ? String(draft.values.employer.name) : undefined}
            onChoose={chooseEnterprise}
          />
        )}
        {status && <Text className='muted wz-status'>{status}</Text>}

        {step.section && renderSection(step.section)}

        {step.key === 'materials' && <MaterialsStep materials={materials} onChange={setMaterials} services={materialServices} />}

        {step.key === 'review' && !result && check && (
          <ReviewStep
            check={check}
            materials={materialNotes(materials)}
            filer={String(draft.values.employer?.contactName ?? '')}
            today={today}
            submitting={submitting}
            resubmit={Boolean(draft.submitted)}
            onSubmit={submit}
            onJump={onJump}
            onOpenMaterials={() => goTo(WIZARD_STEPS.findIndex((s) => s.key === 'materials'))}
          />
        )}

        {result && (
          <View className='card'>
            <Text className='h2'>{result.onBehalfOf ? '已代企业提交（窗口受理）' : '已提交'}</Text>
            {result.onBehalfOf && <Text className='muted'>{result.enterpriseName} 的企业人事可在“我的申报”中查看办理进度。</Text>}
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
