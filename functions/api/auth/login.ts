import { loginWithWeChat, ZWeChatLoginSchema } from '../../auth/login';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';

export default route({ POST: async (req) => loginWithWeChat(await getDeps(), parseBody(req, ZWeChatLoginSchema)) });
