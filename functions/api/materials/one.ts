import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { readMaterial } from '../../materials/materials';

export default route({
  GET: async (req, res) => {
    const deps = await getDeps();
    const m = await readMaterial(deps, deps.blobs, await principalFrom(req, deps), String(req.query.id));
    res.setHeader('content-type', m.contentType);
    res.setHeader('cache-control', 'no-store');
    res.status(200).send(m.data);
  },
});
