/** POST /api/me/card/reveal/start: a 人脸核身 session for the card holder (to show the full card number). */
import { principalFrom } from '../../auth/principal';
import { startCardReveal } from '../../card/reveal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';

export default route({
  POST: async (req) => {
    const deps = await getDeps();
    return startCardReveal(deps, await principalFrom(req, deps));
  },
});
