/** GET /api/ledger/checkpoint — public: the latest signed checkpoint (C2SP text) and the keys that verify it. */
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { getCheckpoint } from '../../ledger/read';

export default route({ GET: async () => getCheckpoint(await getDeps()) });
