/** A paged list: first page on show (and on pull-down), more on demand. */
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { errorText, type TApplicationSummary, type TPage } from '../lib/api';

export function usePaged<T, P extends TPage<T> = TPage<T>>(loadPage: (cursor?: number) => Promise<P>, onPage?: (page: P) => void) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<number>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');

  const load = async (more: boolean) => {
    setLoading(true);
    try {
      const page = await loadPage(more ? cursor : undefined);
      setItems((prev) => (more ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      onPage?.(page);
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh?.();
    }
  };
  useDidShow(() => void load(false));
  usePullDownRefresh(() => void load(false));
  return { items, setItems, loading, error, hasMore: cursor !== undefined, loadMore: () => load(true), reload: () => load(false) };
}

export const usePagedSummaries = (loadPage: (cursor?: number) => Promise<TPage<TApplicationSummary>>) => usePaged<TApplicationSummary>(loadPage);
