import { correctItem, ZCorrectionSchema } from '../../applications/correct-item';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return correctItem(deps, p, { id: String(req.query.id), code: String(req.query.code) }, parseBody(req, ZCorrectionSchema));
  },
});
