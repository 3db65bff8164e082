import { route } from '../lib/handler';
import { getDeps } from '../context';
import { health } from '../health';

export default route({ GET: async () => health(await getDeps()) });
