import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { finishEmployeeVerification, ZVerifyFinishSchema } from '../../employee/verify';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    return finishEmployeeVerification(deps, await principalFrom(req, deps), parseBody(req, ZVerifyFinishSchema));
  },
});
