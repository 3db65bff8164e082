import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { revokeMember, ZRevokeMemberSchema } from '../../enterprise/bind';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return revokeMember(deps, p, String(req.query.member), parseBody(req, ZRevokeMemberSchema));
  },
});
