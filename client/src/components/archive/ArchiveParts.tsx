/**
 * The parts of a file (一户一档 / 一人一档): hires with each item's result and
 * the materials' fingerprints, the ledger entries with their proof status,
 * the access log. Shared by packageHire (enterprise) and packageEmployee
 * (person); plain Taro components, data from the page.
 */
import { Button, Text, View } from '@tarojs/components';
import type { TAccessLogEntry, TArchiveEntry, TArchiveHire, TCheckpointView } from '@/domain/archives/archives';
import { shanghaiTime as time } from '../../lib/time';
import './ArchiveParts.css';
import { resultLines } from '../../lib/labels';

const STATE_TEXT: Record<string, string> = { submitted: '已提交', processing: '办理中', done: '已办结', needs_correction: '需补正', rejected: '不予受理' };
const short = (hash: string) => (hash.length > 20 ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : hash);

/** The archive pages' tabs (一户一档 / 一人一档). */
export function ArchiveTabs<T extends string>({ tabs, current, onChange }: { tabs: [T, string][]; current: T; onChange(tab: T): void }) {
  return (
    <View className='ar-tabs' role='tablist'>
      {tabs.map(([key, label]) => (
        <View key={key} className={`ar-tab ${current === key ? 'ar-tab-on' : ''}`} role='tab' aria-selected={current === key} onClick={() => onChange(key)}>
          <Text>{label}</Text>
        </View>
      ))}
    </View>
  );
}

export function MoreButton({ shown, loading, onMore }: { shown: boolean; loading?: boolean; onMore(): void }) {
  if (!shown) return null;
  return (
    <Button className='btn btn-secondary' loading={loading} disabled={loading || undefined} onClick={onMore}>
      加载更多
    </Button>
  );
}

export function HireList({ hires, showEnterprise, onOpen }: { hires: TArchiveHire[]; showEnterprise?: boolean; onOpen?(id: string): void }) {
  if (!hires.length) return <Text className='muted'>暂无录用记录</Text>;
  return (
    <View>
      {hires.map((h) => {
        const done = h.items.filter((i) => i.state === 'done').length;
        const contract = h.materials.laborContract;
        return (
          <View key={h.id} className='card ar-hire' aria-label={`录用记录 ${h.id}`}>
            <View className='ar-row'>
              <Text className='h2'>
                {h.employee.name}　<Text className='muted'>{h.employee.documentNumber}</Text>
              </Text>
              {h.channel === 'window' && <Text className='ar-tag'>窗口受理</Text>}
            </View>
            <Text className='muted'>
              {showEnterprise ? `${h.enterpriseName} · ` : ''}
              {time(h.filedAt)} 提交 · 申请号 {h.id}
            </Text>
            <Text className={done === h.items.length ? 'ok-text' : ''}>
              {done}/{h.items.length} 个事项已办结
            </Text>
            {h.items.map((i) => (
              <View key={i.code} className='ar-item'>
                <Text className='ar-item-name'>{i.name}</Text>
                <Text className={`wz-state wz-state-${i.state}`}>{STATE_TEXT[i.state] ?? i.state}</Text>
                {i.doneAt && <Text className='muted ar-line'>办结于 {time(i.doneAt)}</Text>}
                {resultLines(i.results).map((r) => (
                  <Text key={r.label} className='muted ar-line'>
                    {r.label}：{r.value}
                  </Text>
                ))}
              </View>
            ))}
            <Text className='muted ar-line'>身份证件照片：{h.materials.identityDocument.length ? `${h.materials.identityDocument.length} 张（SHA-256 ${h.materials.identityDocument.map((m) => short(m.sha256)).join('、')}）` : '未上传，窗口核验'}</Text>
            <Text className='muted ar-line'>
              劳动合同：{contract.mode === 'generated' ? `按申请表生成（SHA-256 ${short(contract.contentSha256)}）` : `扫描件 ${contract.pages.length} 页`}
            </Text>
            {h.rating && <Text className='muted ar-line'>好差评：{h.rating.level}</Text>}
            {onOpen && (
              <Button className='btn btn-secondary' onClick={() => onOpen(h.id)}>
                查看办理详情
              </Button>
            )}
          </View>
        );
      })}
    </View>
  );
}


export function CheckpointNote({ checkpoint, available }: { checkpoint: TCheckpointView | null; available: boolean }) {
  if (!available) return <Text className='muted'>存证账本尚未启用。</Text>;
  if (!checkpoint) return <Text className='muted'>存证账本尚无签名检查点，记录将在下一检查点后可验证。</Text>;
  return (
    <Text className='muted ar-line'>
      最新签名检查点：共 {checkpoint.size} 条记录，根哈希 {short(checkpoint.rootHashBase64)}。每条记录附包含证明，可用 RFC 6962 方法独立验证未被篡改。
    </Text>
  );
}

export function LedgerList({ entries }: { entries: TArchiveEntry[] }) {
  if (!entries.length) return <Text className='muted'>暂无存证记录</Text>;
  return (
    <View>
      {entries.map((e) => (
        <View key={e.index} className='ar-entry' aria-label={`存证记录 ${e.index}`}>
          <View className='ar-row'>
            <Text className='ar-item-name'>
              #{e.index} {e.title}
            </Text>
            <Text className={e.proof ? 'ar-proof ok-text' : 'ar-proof muted'}>{e.proof ? '已存证' : '待下一检查点'}</Text>
          </View>
          <Text className='muted ar-line'>
            {time(e.at)} · {actorText(e.actor)}
            {e.applicationId ? ` · 申请号 ${e.applicationId}` : ''}
          </Text>
          <Text className='muted ar-line'>
            叶哈希 {short(e.leafHashBase64)}
            {e.proof ? ` · 证明路径 ${e.proof.auditPath.length} 个节点（树大小 ${e.proof.treeSize}）` : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** `clerk:clerk01` → 窗口工作人员 clerk01; `hr:oAbc…@9115…` → 企业人事; `department:hrss` → 部门系统. */
export function actorText(actor: string): string {
  const [kind, rest] = [actor.split(':')[0], actor.slice(actor.indexOf(':') + 1)];
  if (kind === 'clerk') return `窗口工作人员 ${rest}`;
  if (kind === 'hr') return '企业人事';
  if (kind === 'employee') return '本人';
  if (kind === 'department') return '部门业务系统';
  if (kind === 'terminal') return '社保卡扫码终端';
  if (kind === 'queue' || kind === 'system') return '系统';
  return actor;
}

export function AccessLogList({ items }: { items: TAccessLogEntry[] }) {
  if (!items.length) return <Text className='muted'>暂无他人查询或查看您信息的记录</Text>;
  return (
    <View>
      {items.map((a, i) => (
        <View key={`${a.at}-${i}`} className='ar-entry' aria-label={`访问记录 ${i + 1}`}>
          <View className='ar-row'>
            <Text className='ar-item-name'>{a.who}</Text>
            <Text className='muted'>{time(a.at)}</Text>
          </View>
          <Text className='muted ar-line'>
            {a.purpose}
            {a.sources?.length ? `（数据来源：${a.sources.join('、')}）` : ''}
            {a.applicationId ? ` · 申请号 ${a.applicationId}` : ''}
          </Text>
          {a.eventId && <Text className='muted ar-line ok-text'>已写入存证账本</Text>}
        </View>
      ))}
    </View>
  );
}
