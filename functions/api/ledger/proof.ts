/** GET /api/ledger/proof?index=&size= — public: the audit path of entry `index` in the tree of `size` (default: the latest checkpoint's). */
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';
import { getInclusionProof, ZProofQuerySchema } from '../../ledger/read';

export default route({ GET: async (req) => getInclusionProof(await getDeps(), parseQuery(req, ZProofQuerySchema)) });
