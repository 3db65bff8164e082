/** Marks inbox messages read: `{ ids }` or `{ all: true }`; answers the unread count. */
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { markRead, ZMarkReadSchema } from '../../notifications/inbox';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return markRead(deps, p.sub, parseBody(req, ZMarkReadSchema));
  },
});
