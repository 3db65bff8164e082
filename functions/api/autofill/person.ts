import { autofillPerson, ZAutofillPersonQuerySchema } from '../../autofill/autofill-person';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    return autofillPerson(deps, p, parseQuery(req, ZAutofillPersonQuerySchema));
  },
});
