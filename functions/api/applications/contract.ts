/** The contract of a filed hire, regenerated from the filing; its content hash matches the one kept at filing. */
import { AppError } from '../../../domain';
import { getApplication } from '../../applications/read-applications';
import { decryptApplication } from '../../applications/run-items';
import { principalFrom } from '../../auth/principal';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { contractContentSha256, generateLaborContract } from '../../materials/contract';

export default route({
  GET: async (req, res) => {
    const deps = await getDeps();
    const p = await principalFrom(req, deps);
    const id = String(req.query.id);
    await getApplication(deps, p, id); // the same access rules as the application
    const app = (await deps.store.get(id))!;
    if (!app.contract) throw new AppError('NOT_FOUND', { message: '该申请没有生成的劳动合同' });
    const application = decryptApplication(deps, app);
    const { docx } = await generateLaborContract(application, app.contract.signDate);
    const sha = contractContentSha256(application, app.contract.signDate);
    if (sha !== app.contract.contentSha256) throw new AppError('CONFLICT', { message: '合同内容与申报时不一致' });
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('x-contract-content-sha256', sha);
    res.status(200).send(docx);
  },
});
