import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { ID_PHOTO_NOTICE, recordConsent, ZConsentSchema } from '../../materials/materials';

export default route({
  GET: async () => ({ notice: ID_PHOTO_NOTICE }),
  POST: async (req) => {
    const deps = await getDeps();
    return recordConsent(deps, await principalFrom(req, deps), parseBody(req, ZConsentSchema));
  },
});
