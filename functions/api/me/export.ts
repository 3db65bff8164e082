/**
 * GET /api/me/export: the signed-in employee's copy of everything held about
 * them (PIPL §45), as a JSON download (`ZPersonalDataExportSchema`, versioned).
 * Employees only; recorded in their access log and the ledger.
 */
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { exportMyData } from '../../privacy/export';

export default route({
  GET: async (req, res) => {
    const deps = await getDeps();
    const { fileName, body } = await exportMyData(deps, await principalFrom(req, deps));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    res.setHeader('cache-control', 'no-store');
    res.status(200).send(JSON.stringify(body, null, 2));
  },
});
