import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';
import { listQueue } from '../../supervision/board';
import { ZQueueQuerySchema } from '../../../domain';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return listQueue(deps, await principalFrom(req, deps), parseQuery(req, ZQueueQuerySchema));
  },
});
