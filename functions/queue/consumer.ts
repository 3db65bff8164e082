/**
 * The body of a queue delivery (QStash or the self-hosted dispatcher), after
 * its signature is checked on the raw body and the exact public URL of the
 * topic's endpoint. Every `/api/queue/<topic>` handler starts here.
 */
import type { VercelRequest } from '@vercel/node';
import type { z } from 'zod';
import { AppError } from '../../domain';
import { getEnv } from '../context';
import { header, validate } from '../lib/handler';
import { rawBodyOf } from '../lib/raw-body';
import { verifyDelivery } from './signing';

export async function verifiedDelivery<S extends z.ZodType>(req: VercelRequest, topic: string, schema: S): Promise<z.output<S>> {
  const env = getEnv();
  const raw = await rawBodyOf(req);
  const url = `${env.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/queue/${topic}`;
  const ok = await verifyDelivery({ current: env.QSTASH_CURRENT_SIGNING_KEY, next: env.QSTASH_NEXT_SIGNING_KEY }, header(req, 'upstash-signature'), raw, url);
  if (!ok) throw new AppError('UNAUTHENTICATED', { message: '队列签名无效' });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError('BAD_REQUEST', { message: '消息不是有效的 JSON' });
  }
  return validate(schema, body);
}
