/**
 * Scheduled calls (Vercel Cron, or a plain host's cron calling the same URL):
 * `Authorization: Bearer $CRON_SECRET`. Without CRON_SECRET set, every call
 * is refused.
 */
import type { VercelRequest } from '@vercel/node';
import { AppError } from '../../domain';
import { safeEqual } from '../lib/crypto';
import { header } from '../lib/handler';

export function requireCronSecret(req: VercelRequest, secret: string | undefined): void {
  const given = header(req, 'authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!secret || !given || !safeEqual(given, secret)) throw new AppError('UNAUTHENTICATED', { message: '定时任务凭据无效' });
}
