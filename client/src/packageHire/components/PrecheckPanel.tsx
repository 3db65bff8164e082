/** The seven-item pre-check: each item green / amber / red with its findings; a finding jumps to its field. */
import { Text, View } from '@tarojs/components';
import { STATUS_TEXT, type TFindingTarget, type TPrecheckRow } from '../../lib/form-state';
import './PrecheckPanel.css';

export interface TPrecheckPanelProps {
  rows: TPrecheckRow[];
  onJump: (target: TFindingTarget) => void;
}

const DOT: Record<TPrecheckRow['color'], string> = { green: '●', amber: '▲', red: '■' };

export default function PrecheckPanel({ rows, onJump }: TPrecheckPanelProps) {
  return (
    <View className='pc' aria-label='七个事项预检'>
      {rows.map((row) => (
        <View key={row.item} className={`pc-item pc-${row.color}`} data-testid={`pc-${row.item}`}>
          <View className='pc-head'>
            <Text className='pc-name'>
              <Text className='pc-dot'>{DOT[row.color]} </Text>
              {row.name}
            </Text>
            <Text className='pc-status'>{STATUS_TEXT[row.status]}</Text>
          </View>
          {row.findings.map((f, i) => (
            <View
              key={`${f.code}-${i}`}
              className={`pc-finding ${f.target ? 'pc-finding-link' : ''}`}
              role={f.target ? 'button' : undefined}
              aria-label={f.message}
              onClick={() => f.target && onJump(f.target)}
            >
              <Text className='pc-msg'>{f.message}</Text>
              {f.source && <Text className='pc-src'>依据：{f.source}</Text>}
              {f.target && <Text className='pc-go'>去修改 ›</Text>}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
