/** The API as the app calls it: Taro.request, base URL from the build (`API_BASE`). */
import Taro from '@tarojs/taro';
import { createHttp, submitWithKey, type TRequester } from './http';
import { STORAGE_KEYS } from './kv';
import { taroStore } from './taro-kv';
import type { TAutofillResult, TDraft, TFilledValue } from './form-state';

export { ApiError } from './http';

/** `''` in H5 (same origin); an absolute https URL in a weapp build (TARO_APP_API_BASE). */
export const API_BASE_URL: string = typeof API_BASE === 'string' ? API_BASE : '';

const taroRequester: TRequester = (req) =>
  new Promise((resolve, reject) => {
    Taro.request({
      url: req.url,
      method: req.method,
      data: req.data as Record<string, unknown> | undefined,
      header: req.header,
      dataType: req.responseType ? '其他' : 'json',
      ...(req.responseType ? { responseType: req.responseType } : {}),
      timeout: 30_000,
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: res.header as Record<string, string> }),
      fail: (err) => reject(err),
    });
  });

export const http = createHttp({ base: API_BASE_URL, requester: taroRequester, kv: taroStore });

export type TRole = 'hr' | 'employee' | 'clerk';
export interface TMe {
  kind: string;
  roles: TRole[];
  enterprise?: string;
  employee?: { name: string };
  expiresAt: string;
}

import type { TItemState, TApplicationView, TApplicationSummary, TInboxPage, TSubscribeReport, TSubscriptionsView } from '@/domain';
export type { TInboxMessage } from '@/domain';
export type { TItemState, TDueDates, TItemView, TApplicationView, TApplicationSummary } from '@/domain';
export interface TPage<T> {
  items: T[];
  nextCursor?: number;
}

export const ITEM_STATE_TEXT: Record<TItemState, string> = {
  submitted: '已提交',
  processing: '办理中',
  done: '已办结',
  needs_correction: '需补正',
  rejected: '不予受理',
};

const q = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

export function getToken(): string | undefined {
  return taroStore.get<string>(STORAGE_KEYS.token);
}
export function cachedMe(): TMe | undefined {
  return getToken() ? taroStore.get<TMe>(STORAGE_KEYS.me) : undefined;
}
export function logout(): void {
  taroStore.remove(STORAGE_KEYS.token);
  taroStore.remove(STORAGE_KEYS.me);
}

export async function login(code: string): Promise<void> {
  const r = await http.request<{ token: string; expiresAt: string }>('POST', '/api/auth/login', { code });
  taroStore.set(STORAGE_KEYS.token, r.token);
  taroStore.remove(STORAGE_KEYS.me);
}

export async function fetchMe(): Promise<TMe> {
  const me = await http.request<TMe>('GET', '/api/me');
  taroStore.set(STORAGE_KEYS.me, me);
  return me;
}

/** DEVELOPMENT ONLY (simulator): the legal representative's approval in the 电子营业执照 app. */
export async function simulateElicenseAuthorize(uscc: string): Promise<string> {
  const r = await http.request<{ code?: string; message?: string; data?: { authCode?: string } | null; authCode?: string }>('POST', '/sim/elicense/authorize', { uscc, purpose: 'bind' });
  const code = r.data?.authCode ?? r.authCode;
  if (!code) throw new Error(r.message ?? '模拟授权失败');
  return code;
}

export const bindEnterprise = (uscc: string, authCode: string) => http.request<unknown>('POST', '/api/enterprise/bind', { uscc, authCode });

export const startEmployeeVerify = (body: { idType: string; idNumber: string; name: string }) =>
  http.request<{ verifyId: string; expiresInSeconds: number }>('POST', '/api/employee/verify/start', body);

/** DEVELOPMENT ONLY (simulator): plays wx.requestFacialVerify, which H5 does not have. */
export const simulateFacialVerify = (verifyId: string) => http.request<unknown>('POST', '/sim/wechat/_dev/facial-verify', { verifyId, outcome: 'pass' });

export const finishEmployeeVerify = (verifyId: string) => http.request<{ role: 'employee'; name: string }>('POST', '/api/employee/verify/finish', { verifyId });

export const autofillEnterprise = (uscc: string) =>
  http.request<TAutofillResult & { uscc: string; employerConstants: Record<string, TFilledValue> }>('GET', `/api/autofill/enterprise?${q({ uscc })}`);

export const autofillPerson = (idType: string, idNumber: string, name: string) =>
  // POST: the ID number stays out of URLs (access logs, proxies, the browser console)
  http.request<TAutofillResult & { idType: string }>('POST', '/api/autofill/person', { idType, idNumber, name });

export interface TSubmitResult {
  application: TApplicationView;
  precheck: unknown;
}

/** Files the draft: one Idempotency-Key per draft, the same key on every retry. */
export const submitApplication = (draft: Pick<TDraft, 'idempotencyKey'>, body: unknown) => submitWithKey<TSubmitResult>(http, draft.idempotencyKey, body);

export const listApplications = (cursor?: number) => http.request<TPage<TApplicationSummary>>('GET', `/api/applications?${q({ limit: 20, cursor })}`);
export const getApplication = (id: string) => http.request<TApplicationView>('GET', `/api/applications/${encodeURIComponent(id)}`);
export const submitCorrection = (id: string, code: string, changes: Record<string, Record<string, unknown>>) =>
  http.request<unknown>('POST', `/api/applications/${encodeURIComponent(id)}/items/${encodeURIComponent(code)}/correction`, { changes });
export const listMyRecords = (cursor?: number) => http.request<TPage<TApplicationSummary>>('GET', `/api/me/records?${q({ limit: 20, cursor })}`);

// Materials
export interface TConsentNotice {
  version: string;
  text: string;
}
export const getIdPhotoNotice = () => http.request<{ notice: TConsentNotice }>('GET', '/api/materials/consent');
export const recordIdPhotoConsent = (noticeVersion: string) =>
  http.request<{ consentId: string; at: string; notice: TConsentNotice }>('POST', '/api/materials/consent', { kind: 'id_photo', noticeVersion, accepted: true });
export type TUploadBody =
  | { kind: 'id_photo'; consentId: string; contentType: 'image/jpeg' | 'image/png'; dataBase64: string }
  | { kind: 'contract_scan'; contentType: 'image/jpeg' | 'image/png' | 'application/pdf'; dataBase64: string };
export const uploadMaterial = (body: TUploadBody) => http.request<{ materialId: string; sha256: string; size: number }>('POST', '/api/materials', body);
/** The contract generated from the draft (.docx) and its content hash. */
export async function previewContract(body: unknown): Promise<{ docx: ArrayBuffer; contentSha256: string }> {
  const r = await http.binary('POST', '/api/contracts/preview', body);
  return { docx: r.data, contentSha256: r.headers['x-contract-content-sha256'] ?? '' };
}

/** The contract of a filed hire (.docx), regenerated from the filing; its content hash matches the one kept at filing. */
export async function downloadContract(applicationId: string): Promise<{ docx: ArrayBuffer; contentSha256: string }> {
  const r = await http.binary('GET', `/api/applications/${encodeURIComponent(applicationId)}/contract`);
  return { docx: r.data, contentSha256: r.headers['x-contract-content-sha256'] ?? '' };
}

// Subscribe messages
export const getSubscriptions = () => http.request<TSubscriptionsView>('GET', '/api/notifications/subscriptions');
export const reportSubscriptions = (report: TSubscribeReport) => http.request<TSubscriptionsView & { counted: boolean }>('POST', '/api/notifications/subscriptions', report);

// Inbox
export const listMessages = (cursor?: number) => http.request<TInboxPage>('GET', `/api/me/messages?${q({ limit: 20, cursor })}`);
export const markMessagesRead = (body: { ids: string[] } | { all: true }) => http.request<{ unread: number }>('POST', '/api/me/messages/read', body);

/** A message for any thrown value. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as Error).message);
  return String(e);
}

// 电子社保卡 (the employee's electronic social security card)
import type { TCardQr, TCardReveal, TCardRevealStart, TCardView } from '@/domain';
export type { TCardQr, TCardReveal, TCardView } from '@/domain';
/** The card record: number masked, status, 制卡进度, 领卡网点. 404 (ApiError NOT_FOUND) while there is no hire with a card. */
export const getMyCard = () => http.request<TCardView>('GET', '/api/me/card');
/** A dynamic QR token: 60 s, usable once; ask again after `refreshInSeconds`. */
export const getCardQr = () => http.request<TCardQr>('GET', '/api/me/card/qr');
/** Starts a 人脸核身 of the card holder (to show the full card number). */
export const startCardReveal = () => http.request<TCardRevealStart>('POST', '/api/me/card/reveal/start', {});
/** The full card number, once, after the 人脸核身 of `verifyId` passed. */
export const revealCard = (verifyId: string) => http.request<TCardReveal>('POST', '/api/me/card/reveal', { verifyId });

// Window clerks (一窗受理), supervision (queues, overdue board, statistics), 好差评, and the archives (一户一档 / 一人一档)
import type {
  TArchiveView,
  TOpenItemState,
  TOverdueBoard,
  TQueuePage,
  TRatingLevel,
  TRatingStatus,
  TRatingView,
  TBadRatingEntry,
  TSupervisionStats,
  TDepartment,
} from '@/domain';
export type { TArchiveView, TArchiveHire, TArchiveEntry, TAccessLogEntry, TOverdueBoard, TOverdueEntry, TQueuePage, TQueueEntry, TRatingLevel, TRatingStatus, TRatingView, TBadRatingEntry, TSupervisionStats, TDepartment, TOpenItemState } from '@/domain';

/** GET /api/me answers the clerk's account too. */
export interface TMe {
  clerk?: { username: string; name: string };
}

/** A window clerk's login (username and password, CLERK_ACCOUNTS on the server). */
export async function clerkLogin(username: string, password: string): Promise<{ name: string; expiresAt: string }> {
  const r = await http.request<{ token: string; expiresAt: string; name: string }>('POST', '/api/auth/clerk-login', { username, password });
  taroStore.set(STORAGE_KEYS.token, r.token);
  taroStore.remove(STORAGE_KEYS.me);
  return { name: r.name, expiresAt: r.expiresAt };
}

/** Materials a clerk uploads for the enterprise of a walk-in hire (its USCC). */
export const recordIdPhotoConsentFor = (uscc: string, noticeVersion: string) =>
  http.request<{ consentId: string; at: string; notice: TConsentNotice }>('POST', '/api/materials/consent', { kind: 'id_photo', noticeVersion, accepted: true, uscc });
export const uploadMaterialFor = (uscc: string, body: TUploadBody) => http.request<{ materialId: string; sha256: string; size: number }>('POST', '/api/materials', { ...body, uscc });

export const listClerkQueue = (department: TDepartment, state: TOpenItemState, cursor?: number) =>
  http.request<TQueuePage>('GET', `/api/clerk/queues?${q({ department, state, limit: 20, cursor })}`);
export const getOverdueBoard = (cursor?: number) => http.request<TOverdueBoard>('GET', `/api/clerk/overdue?${q({ limit: 20, cursor })}`);
export const getSupervisionStats = () => http.request<TSupervisionStats>('GET', '/api/clerk/stats');
export const listBadRatings = () => http.request<{ items: TBadRatingEntry[] }>('GET', '/api/clerk/ratings');
export const followUpRating = (applicationId: string, note: string) =>
  http.request<{ rating: TRatingView }>('POST', `/api/clerk/ratings/${encodeURIComponent(applicationId)}/follow-up`, { note });

export const getRating = (applicationId: string) => http.request<TRatingStatus>('GET', `/api/applications/${encodeURIComponent(applicationId)}/rating`);
export const rateApplication = (applicationId: string, level: TRatingLevel, comment?: string) =>
  http.request<{ rating: TRatingView }>('POST', `/api/applications/${encodeURIComponent(applicationId)}/rating`, { level, ...(comment ? { comment } : {}) });

export interface TArchivePageParams {
  part?: 'all' | 'hires' | 'ledger' | 'access';
  cursor?: number;
  ledgerCursor?: number;
  accessCursor?: number;
}
/** 一户一档: an HR contact's own enterprise; a clerk names it by `uscc`. */
export const getEnterpriseArchive = (params: TArchivePageParams & { uscc?: string } = {}) =>
  http.request<TArchiveView>('GET', `/api/archives/enterprise?${q({ limit: 20, ...params })}`);
/** 一人一档: the employee's own file, with the access log. */
export const getMyArchive = (params: TArchivePageParams = {}) => http.request<TArchiveView>('GET', `/api/me/archive?${q({ limit: 20, ...params })}`);
