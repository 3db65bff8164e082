/** One step of the wizard for one form section: its fields, their sources and their Chinese errors. */
import { Text, View } from '@tarojs/components';
import { fieldValue, isEditable, pathOf, provenanceLabel, sectionFields, type TDraft, type TSectionKey } from '../../lib/form-state';
import FieldInput from './FieldInput';

export interface TSectionStepProps {
  draft: TDraft;
  section: TSectionKey;
  /** Field key → message (the draft's own checks merged with the server's). */
  issues: Record<string, string>;
  focus?: string;
  onChange(key: string, value: unknown, text?: string): void;
}

export default function SectionStep({ draft, section, issues, focus, onChange }: TSectionStepProps) {
  return (
    <View className='card'>
      {(draft.problems[section] ?? []).map((p) => (
        <Text key={p} className='fi-hint'>
          {p}
        </Text>
      ))}
      {sectionFields(section).map((f) => {
        const path = pathOf(section, f.key);
        const prov = draft.provenance[path];
        return (
          <FieldInput
            key={path}
            field={f}
            value={fieldValue(draft, section, f.key)}
            text={draft.texts[path]}
            editable={isEditable(draft, f)}
            badge={prov && prov.source !== 'manual' ? provenanceLabel(prov) : undefined}
            hint={draft.manualHints[path] ?? (prov && f.meta.manualEntry ? '自动获取，可修改' : f.meta.hint)}
            error={issues[f.key]}
            highlight={focus === path}
            onChange={(value, text) => onChange(f.key, value, text)}
          />
        );
      })}
      {issues[''] && <Text className='error'>{issues['']}</Text>}
    </View>
  );
}
