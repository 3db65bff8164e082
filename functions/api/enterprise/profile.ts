import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { listMembers } from '../../enterprise/bind';
import { getEmployerConstants, updateProfile, ZEmployerConstantsSchema } from '../../enterprise/profile';
import { parseBody, route } from '../../lib/handler';
import { AppError } from '../../../domain';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    if (!p.hr) throw new AppError('FORBIDDEN', { message: '请先通过电子营业执照授权绑定企业' });
    const [constants, members] = await Promise.all([getEmployerConstants(deps, p.hr.uscc), listMembers(deps, p)]);
    return { uscc: p.hr.uscc, constants, members };
  },
  PUT: async (req) => {
    const deps = await getDeps();
    return updateProfile(deps, await principalFrom(req, deps), parseBody(req, ZEmployerConstantsSchema));
  },
});
