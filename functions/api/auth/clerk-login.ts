import { loginAsClerk, ZClerkLoginSchema } from '../../auth/login';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const body = parseBody(req, ZClerkLoginSchema);
    return deps.rateLimiter.clerkLogin(req, body.username, () => loginAsClerk(deps, body));
  },
});
