/** A file (一户一档 / 一人一档) loaded page by page, each part on its own. */
import { useState } from 'react';
import type { TArchiveView } from '@/domain/archives/archives';
import { errorText, type TArchivePageParams } from '../../lib/api';
import { mergeArchivePage, nextPageParams, type TArchivePart } from '../../lib/archive';

export function useArchive(load: (params: TArchivePageParams) => Promise<TArchiveView>) {
  const [view, setView] = useState<TArchiveView>();
  const [loading, setLoading] = useState<'' | 'all' | TArchivePart>('');
  const [error, setError] = useState('');

  const reload = async () => {
    setLoading('all');
    try {
      setView(await load({}));
      setError('');
    } catch (e) {
      setError(errorText(e));
      setView(undefined);
    } finally {
      setLoading('');
    }
  };

  const more = async (part: TArchivePart) => {
    const params = view && nextPageParams(view, part);
    if (!view || !params) return;
    setLoading(part);
    try {
      const page = await load(params);
      setView((v) => (v ? mergeArchivePage(v, part, page) : v));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading('');
    }
  };

  return { view, loading, error, reload, more };
}
