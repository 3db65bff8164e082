/** GET /api/me/card/qr: a dynamic QR token for the holder's e-card (60 s, single use; rate-limited per user). */
import { principalFrom, requireEmployee } from '../../auth/principal';
import { issueCardQr } from '../../card/qr';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';

export default route({
  GET: async (req, res) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const employee = requireEmployee(p);
    await deps.rateLimiter.cardQr(p);
    const qr = await issueCardQr(deps, employee);
    res.setHeader('cache-control', 'no-store');
    return qr;
  },
});
