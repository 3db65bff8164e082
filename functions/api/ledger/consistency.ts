/** GET /api/ledger/consistency?from=&to= — public: the proof that the tree of `from` is a prefix of the tree of `to` (default: the latest checkpoint's). */
import { getDeps } from '../../context';
import { parseQuery, route } from '../../lib/handler';
import { getConsistencyProof, ZConsistencyQuerySchema } from '../../ledger/read';

export default route({ GET: async (req) => getConsistencyProof(await getDeps(), parseQuery(req, ZConsistencyQuerySchema)) });
