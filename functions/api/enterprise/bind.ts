import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { bindEnterprise, ZBindEnterpriseSchema } from '../../enterprise/bind';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return bindEnterprise(deps, p, parseBody(req, ZBindEnterpriseSchema));
  },
});
