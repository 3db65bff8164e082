import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { getRating, rateApplication } from '../../supervision/ratings';
import { ZRatingInputSchema } from '../../../domain';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return getRating(deps, await principalFrom(req, deps), String(req.query.id));
  },
  POST: async (req, res) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const out = await rateApplication(deps, p, String(req.query.id), parseBody(req, ZRatingInputSchema));
    res.status(out.status).json({ rating: out.rating });
  },
});
