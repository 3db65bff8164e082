/** The labor contract generated from a (draft) form, as .docx, before filing (HR of the enterprise, or a clerk filing it at the window). */
import { localToday, ZApplicationSchema } from '../../../domain';
import { principalFrom, requireHr } from '../../auth/principal';
import { getDeps } from '../../context';
import { parseBody, route } from '../../lib/handler';
import { contractContentSha256, generateLaborContract } from '../../materials/contract';

export default route({
  POST: async (req, res) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const app = parseBody(req, ZApplicationSchema);
    requireHr(p, app.employer.uscc, { allowClerk: true });
    const signDate = localToday(deps.now().getTime());
    const { docx } = await generateLaborContract(app, signDate);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('content-disposition', "attachment; filename*=UTF-8''%E5%8A%B3%E5%8A%A8%E5%90%88%E5%90%8C.docx");
    res.setHeader('x-contract-content-sha256', contractContentSha256(app, signDate));
    res.status(200).send(docx);
  },
});
