import { loginWithWeChat, ZWeChatLoginSchema } from '../../auth/login';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const body = parseBody(req, ZWeChatLoginSchema);
    await deps.rateLimiter.login(req);
    return loginWithWeChat(deps, body);
  },
});
