/** POST /api/me/card/reveal { verifyId }: the full card number, once, after a fresh 人脸核身 of the holder. */
import { ZCardRevealRequestSchema } from '../../../domain';
import { principalFrom } from '../../auth/principal';
import { revealCardNo } from '../../card/reveal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req, res) => {
    const deps = await getDeps();
    const answer = await revealCardNo(deps, await principalFrom(req, deps), parseBody(req, ZCardRevealRequestSchema));
    res.setHeader('cache-control', 'no-store');
    return answer;
  },
});
