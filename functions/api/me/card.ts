/** GET /api/me/card: the employee's 电子社保卡 record (number masked, status, 制卡进度, 领卡网点). */
import { principalFrom, requireEmployee } from '../../auth/principal';
import { getMyCard } from '../../card/card';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return getMyCard(deps, requireEmployee(await principalFrom(req, deps)));
  },
});
