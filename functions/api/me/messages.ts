/** The in-app inbox of the signed-in user: GET a page (newest first, with the unread count). */
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';
import { listInbox, ZInboxQuerySchema } from '../../notifications/inbox';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return listInbox(deps, p.sub, parseQuery(req, ZInboxQuerySchema));
  },
});
