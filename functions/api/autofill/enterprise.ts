import { autofillEnterprise, ZAutofillEnterpriseQuerySchema } from '../../autofill/autofill-enterprise';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const { uscc } = parseQuery(req, ZAutofillEnterpriseQuerySchema);
    await deps.rateLimiter.autofillEnterprise(p);
    return autofillEnterprise(deps, p, uscc);
  },
});
