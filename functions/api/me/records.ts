import { listMyRecords, ZListQuerySchema } from '../../applications/read-applications';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return listMyRecords(deps, await principalFrom(req, deps), parseQuery(req, ZListQuerySchema));
  },
});
