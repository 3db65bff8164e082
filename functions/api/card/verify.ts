/**
 * POST /api/card/verify { token }: a scanning terminal checks a 电子社保卡 QR
 * code. Terminals authenticate with `Authorization: Terminal <id>:<key>`
 * (CARD_TERMINAL_KEYS); 401 otherwise. A token is accepted once: replayed →
 * 409, expired / forged / malformed → 422, each with a Chinese message.
 */
import { ZCardVerifyRequestSchema } from '../../../domain';
import { authenticateTerminal, verifyCardQr } from '../../card/qr';
import { getDeps } from '../../context';
import { header, parseBody, route } from '../../lib/handler';

export default route({
  POST: async (req, res) => {
    const deps = await getDeps();
    let terminal;
    try {
      terminal = authenticateTerminal(deps, header(req, 'authorization'));
    } catch (error) {
      res.setHeader('WWW-Authenticate', 'Terminal realm="card-verify"');
      throw error;
    }
    return verifyCardQr(deps, terminal, parseBody(req, ZCardVerifyRequestSchema));
  },
});
