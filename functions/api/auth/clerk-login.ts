import { loginAsClerk, ZClerkLoginSchema } from '../../auth/login';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';

export default route({ POST: async (req) => loginAsClerk(await getDeps(), parseBody(req, ZClerkLoginSchema)) });
