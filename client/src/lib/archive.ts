/** Paging a file (一户一档 / 一人一档): which cursor asks for the next page of a part, and how a page joins the view. */
import type { TArchiveView } from '@/domain/archives/archives';

export type TArchivePart = 'hires' | 'ledger' | 'access';

export function nextPageParams(view: TArchiveView, part: TArchivePart): { part: TArchivePart; cursor?: number; ledgerCursor?: number; accessCursor?: number } | undefined {
  if (part === 'hires') return view.hires.nextCursor === undefined ? undefined : { part, cursor: view.hires.nextCursor };
  if (part === 'ledger') return view.ledger.nextCursor === undefined ? undefined : { part, ledgerCursor: view.ledger.nextCursor };
  return view.accessLog?.nextCursor === undefined ? undefined : { part, accessCursor: view.accessLog.nextCursor };
}

/** The view with the next page of one part appended (the other parts as they were). */
export function mergeArchivePage(view: TArchiveView, part: TArchivePart, page: TArchiveView): TArchiveView {
  if (part === 'hires') return { ...view, hires: { items: [...view.hires.items, ...page.hires.items], ...(page.hires.nextCursor !== undefined ? { nextCursor: page.hires.nextCursor } : {}) } };
  if (part === 'ledger') {
    const { nextCursor: _drop, ...rest } = view.ledger;
    return { ...view, checkpoint: page.checkpoint ?? view.checkpoint, ledger: { ...rest, entries: [...view.ledger.entries, ...page.ledger.entries], ...(page.ledger.nextCursor !== undefined ? { nextCursor: page.ledger.nextCursor } : {}) } };
  }
  const items = [...(view.accessLog?.items ?? []), ...(page.accessLog?.items ?? [])];
  return { ...view, accessLog: { items, ...(page.accessLog?.nextCursor !== undefined ? { nextCursor: page.accessLog.nextCursor } : {}) } };
}
