import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { startEmployeeVerification, ZVerifyStartSchema } from '../../employee/verify';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    return startEmployeeVerification(deps, await principalFrom(req, deps), parseBody(req, ZVerifyStartSchema));
  },
});
