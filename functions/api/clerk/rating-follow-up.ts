import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { followUpRating } from '../../supervision/ratings';
import { ZFollowUpInputSchema } from '../../../domain';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return { rating: await followUpRating(deps, p, String(req.query.id), parseBody(req, ZFollowUpInputSchema)) };
  },
});
