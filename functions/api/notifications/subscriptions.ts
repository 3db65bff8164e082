/** GET: the templates this user may be asked for and what is left of each · POST: the answers of one requestSubscribeMessage. */
import { ZSubscribeReportSchema } from '../../../domain';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { recordSubscribeReport, subscriptionsOf } from '../../notifications/subscriptions';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return subscriptionsOf(deps, await principalFrom(req, deps));
  },
  POST: async (req) => {
    const deps = await getDeps();
    return recordSubscribeReport(deps, await principalFrom(req, deps), parseBody(req, ZSubscribeReportSchema));
  },
});
