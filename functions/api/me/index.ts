import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { maskName } from '../../../domain';

export default route({
  GET: async (req) => {
    const p = await principalFrom(req, await getDeps());
    return {
      kind: p.session.kind,
      roles: [...(p.hr ? ['hr'] : []), ...(p.employee ? ['employee'] : []), ...(p.clerk ? ['clerk'] : [])],
      ...(p.hr ? { enterprise: p.hr.uscc } : {}),
      ...(p.employee ? { employee: { name: maskName(p.employee.name) } } : {}),
      ...(p.clerk ? { clerk: p.clerk } : {}),
      expiresAt: new Date(p.session.exp * 1000).toISOString(),
    };
  },
});
