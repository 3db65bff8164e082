/** GET /api/me/card/qr: a dynamic QR token for the holder's e-card (60 s, single use). */
import { principalFrom, requireEmployee } from '../../auth/principal';
import { issueCardQr } from '../../card/qr';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';

export default route({
  GET: async (req, res) => {
    const deps = await getDeps();
    const qr = await issueCardQr(deps, requireEmployee(await principalFrom(req, deps)));
    res.setHeader('cache-control', 'no-store');
    return qr;
  },
});
