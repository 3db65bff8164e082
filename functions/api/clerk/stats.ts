import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { supervisionStats } from '../../supervision/board';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return supervisionStats(deps, await principalFrom(req, deps));
  },
});
