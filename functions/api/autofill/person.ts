import { autofillPerson, ZAutofillPersonQuerySchema } from '../../autofill/autofill-person';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, parseQuery, route } from '../../lib/handler';
import type { VercelRequest } from '@vercel/node';
import type { z } from 'zod';

/** Who asks comes first: an anonymous caller is 401 whatever it sent, never a field-by-field answer. */
async function lookup(req: VercelRequest, parse: () => z.output<typeof ZAutofillPersonQuerySchema>) {
  const deps = await getDeps();
  const p = await principalFrom(req, deps);
  const query = parse();
  await deps.rateLimiter.autofillPerson(p, query.idNumber);
  return autofillPerson(deps, p, query);
}

/**
 * POST (the mini-program): the ID number in the body, so it never appears in a URL — URLs end up in
 * access logs, proxies and the browser's console (the e2e log scan caught it there). GET stays for scripts.
 */
export default route({
  GET: async (req) => lookup(req, () => parseQuery(req, ZAutofillPersonQuerySchema)),
  POST: async (req) => lookup(req, () => parseBody(req, ZAutofillPersonQuerySchema)),
});
