/** The request body as received, for signature checks (Vercel and the local adapter keep it). */
import type { VercelRequest } from '@vercel/node';

export async function rawBodyOf(req: VercelRequest): Promise<string> {
  const kept = (req as VercelRequest & { rawBody?: Buffer }).rawBody;
  if (kept) return kept.toString('utf8');
  if (typeof req.body === 'string') return req.body;
  if (Buffer.isBuffer(req.body)) return req.body.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
