import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { clerkBadRatings } from '../../supervision/ratings';

export default route({
  GET: async (req) => {
    const deps = await getDeps();
    return clerkBadRatings(deps, await principalFrom(req, deps));
  },
});
