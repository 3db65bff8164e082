import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { uploadMaterial, ZUploadSchema } from '../../materials/materials';

export default route({
  POST: async (req, res) => {
    const deps = await getDeps();
    const out = await uploadMaterial(deps, deps.blobs, await principalFrom(req, deps), parseBody(req, ZUploadSchema));
    res.status(201).json(out);
  },
});
