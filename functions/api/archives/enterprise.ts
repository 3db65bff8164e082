import { enterpriseArchive } from '../../archives/archives';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';
import { ZEnterpriseArchiveQuerySchema } from '../../../domain';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return enterpriseArchive(deps, await principalFrom(req, deps), parseQuery(req, ZEnterpriseArchiveQuerySchema));
  },
});
