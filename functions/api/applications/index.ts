import { fileApplication } from '../../applications/file-application';
import { listEnterpriseApplications, ZListQuerySchema } from '../../applications/read-applications';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { header, parseBody, parseQuery, route } from '../../lib/handler';
import { z } from 'zod';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const query = parseQuery(req, ZListQuerySchema.extend({ uscc: z.string().length(18).optional() }));
    return listEnterpriseApplications(deps, p, query, query.uscc);
  },
  POST: async (req, res) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const body = parseBody(req, z.unknown());
    const idempotencyKey = header(req, 'idempotency-key');
    await deps.rateLimiter.filing(p, idempotencyKey);
    const out = await fileApplication(deps, p, { idempotencyKey, body });
    res.status(out.status).json({ application: out.application, precheck: out.precheck });
  },
});
