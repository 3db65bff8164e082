/**
 * One form field driven by its FORM_FIELDS metadata: label, source badge,
 * widget (text / select / date / checkbox), hint and the Chinese error.
 */
import { Cascader, DatePicker, Picker } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { TFormField } from '@/domain/form/fields';
import { codeTable, divisionOptions, divisionPath, flatOptions, insuranceOptions, isTreeTable, optionLabel, treeOptions, treePath } from '../../lib/options';
import { fromDisplayText, toDisplayText, unitSuffix } from '../../lib/units';
import './FieldInput.css';

export interface TFieldInputProps {
  field: TFormField;
  value: unknown;
  /** Text as typed, for converted fields. */
  text?: string;
  editable: boolean;
  badge?: string;
  hint?: string;
  error?: string;
  highlight?: boolean;
  onChange: (value: unknown, text?: string) => void;
  onBlur?: () => void;
}

const pad = (n: number | string) => String(n).padStart(2, '0');
const toDate = (iso: unknown) => {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

function inputType(keyboard: TFormField['meta']['keyboard']): 'text' | 'number' | 'idcard' | 'digit' {
  if (keyboard === 'idcard' || keyboard === 'digit' || keyboard === 'number') return keyboard;
  return 'text';
}

export default function FieldInput(props: TFieldInputProps) {
  const { field, value, editable, badge, hint, error, highlight, onChange } = props;
  const { meta } = field;
  const [open, setOpen] = useState(false);
  const id = `f-${field.section}-${field.key}`;
  const label = meta.label;

  let control: JSX.Element;
  if (meta.widget === 'text' || (meta.widget === 'select' && !meta.codeTable)) {
    const shown = props.text ?? toDisplayText(meta.unit, value);
    control = (
      <View className='fi-text'>
        <Input
          className='input fi-input'
          value={shown}
          type={inputType(meta.keyboard)}
          disabled={!editable}
          placeholder={editable ? `请输入${label.replace(/（.*）$/, '')}` : ''}
          onInput={(e) => {
            const t = e.detail.value;
            if (meta.unit) onChange(fromDisplayText(meta.unit, t), t);
            else onChange(t === '' ? undefined : t);
          }}
          onBlur={props.onBlur}
          aria-label={label}
        />
        {meta.unit && <Text className='fi-suffix'>{unitSuffix(meta.unit)}</Text>}
      </View>
    );
  } else if (meta.widget === 'select') {
    const table = meta.codeTable && meta.codeTable !== 'divisions' ? codeTable(meta.codeTable) : undefined;
    const shown = optionLabel(meta.codeTable, value);
    let picker: JSX.Element | null = null;
    if (open && meta.codeTable === 'divisions') {
      picker = (
        <Cascader
          visible
          title={label}
          options={divisionOptions() as never}
          value={divisionPath(value as string)}
          onChange={(v: (string | number)[]) => {
            onChange(String(v[v.length - 1]));
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      );
    } else if (open && table && isTreeTable(table)) {
      picker = (
        <Cascader
          visible
          title={label}
          options={treeOptions(table) as never}
          value={treePath(table, value as string)}
          onChange={(v: (string | number)[]) => {
            onChange(String(v[v.length - 1]));
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      );
    } else if (open && table) {
      picker = (
        <Picker
          visible
          title={label}
          options={[flatOptions(table)]}
          // an empty field starts on the first option, so confirming it selects it
          value={[typeof value === 'string' ? value : (flatOptions(table)[0]?.value ?? '')]}
          onConfirm={(_, v) => {
            if (v[0] !== undefined && v[0] !== null) onChange(String(v[0]));
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      );
    }
    control = (
      <View>
        <View
          className={`input fi-select ${editable ? '' : 'fi-disabled'}`}
          role='button'
          aria-label={`${label}：${shown ?? '请选择'}`}
          onClick={() => editable && setOpen(true)}
        >
          <Text className={shown ? '' : 'fi-placeholder'}>{shown ?? '请选择'}</Text>
          {editable && <Text className='fi-arrow'>›</Text>}
        </View>
        {picker}
      </View>
    );
  } else if (meta.widget === 'date') {
    const date = toDate(value);
    control = (
      <View>
        <View className={`input fi-select ${editable ? '' : 'fi-disabled'}`} role='button' aria-label={`${label}：${value ?? '请选择日期'}`} onClick={() => editable && setOpen(true)}>
          <Text className={date ? '' : 'fi-placeholder'}>{(value as string) ?? '请选择日期'}</Text>
          {editable && <Text className='fi-arrow'>›</Text>}
        </View>
        {open && (
          <DatePicker
            visible
            title={label}
            type='date'
            showChinese
            defaultValue={date ?? new Date()}
            startDate={new Date(1940, 0, 1)}
            endDate={new Date(2040, 11, 31)}
            onConfirm={(_, v) => {
              const [y, m, d] = v as (string | number)[];
              if (y !== undefined && m !== undefined && d !== undefined) onChange(`${y}-${pad(m)}-${pad(d)}`);
              setOpen(false);
            }}
            onClose={() => setOpen(false)}
          />
        )}
      </View>
    );
  } else {
    // checkbox: a multi-choice from a code table (险种), or yes/no
    const table = meta.codeTable ? codeTable(meta.codeTable) : undefined;
    if (table) {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      const options = field.key === 'insuranceTypes' ? insuranceOptions(table) : flatOptions(table);
      control = (
        <View className='fi-choices'>
          {options.map((o) => {
            const on = selected.includes(o.value);
            return (
              <View
                key={o.value}
                className={`fi-choice ${on ? 'fi-choice-on' : ''}`}
                role='checkbox'
                aria-checked={on}
                aria-label={o.label}
                onClick={() => editable && onChange(on ? selected.filter((c) => c !== o.value) : [...selected, o.value])}
              >
                <Text>{on ? '☑ ' : '☐ '}{o.label}</Text>
              </View>
            );
          })}
        </View>
      );
    } else {
      control = (
        <View className='fi-choices'>
          {[
            { v: true, t: '是' },
            { v: false, t: '否' },
          ].map((o) => (
            <View
              key={o.t}
              className={`fi-choice fi-choice-yn ${value === o.v ? 'fi-choice-on' : ''}`}
              role='radio'
              aria-checked={value === o.v}
              aria-label={`${label}：${o.t}`}
              onClick={() => editable && onChange(o.v)}
            >
              <Text>{o.t}</Text>
            </View>
          ))}
        </View>
      );
    }
  }

  return (
    <View id={id} className={`fi ${highlight ? 'fi-highlight' : ''}`}>
      <View className='fi-head'>
        <Text className='fi-label'>
          {field.required && <Text className='fi-required'>* </Text>}
          {label}
        </Text>
        {badge && <Text className='fi-badge'>{badge}</Text>}
      </View>
      {control}
      {hint && <Text className='fi-hint'>{hint}</Text>}
      {error && (
        <Text className='error'>
          {error}
        </Text>
      )}
    </View>
  );
}
