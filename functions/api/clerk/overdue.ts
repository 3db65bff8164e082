import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';
import { overdueBoard } from '../../supervision/board';
import { ZOverdueQuerySchema } from '../../../domain';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return overdueBoard(deps, await principalFrom(req, deps), parseQuery(req, ZOverdueQuerySchema));
  },
});
