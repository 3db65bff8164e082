import { getApplication } from '../../applications/read-applications';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return getApplication(deps, await principalFrom(req, deps), String(req.query.id));
  },
});
