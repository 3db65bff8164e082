import { autofillEnterprise, ZAutofillEnterpriseQuerySchema } from '../../autofill/autofill-enterprise';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return autofillEnterprise(deps, p, parseQuery(req, ZAutofillEnterpriseQuerySchema).uscc);
  },
});
