/**
 * The NutUI components our pages use, as small DOM stand-ins for jsdom
 * (NutUI ships ESM and Taro-bound code). They keep NutUI's props and
 * callbacks, so a test drives the same handlers the real kit would call.
 *
 * Uploader: a "选择文件" button takes the next file from `chooseNext()` and
 * calls `upload(file)` as NutUI does after chooseMedia; each item has "删除".
 */
import { Children, cloneElement, createElement, isValidElement, useState, type ReactElement, type ReactNode } from 'react';

type P = { children?: ReactNode; [k: string]: unknown };

export const ConfigProvider = ({ children }: P) => createElement('div', null, children);
export const Cascader = () => null;
export const DatePicker = () => null;
export const Picker = () => null;
export const Checkbox = () => null;

const chosen: unknown[] = [];
/** Queues the file the next tap on an Uploader "chooses". */
export function chooseNext(file: unknown): void {
  chosen.push(file);
}

interface TItem {
  uid?: string | number;
  name?: string;
  url?: string;
  status?: string;
  message?: string;
  file?: unknown;
}

export function Uploader(props: {
  defaultValue?: TItem[];
  maxCount: number;
  uploadLabel?: ReactNode;
  upload: (file: unknown) => Promise<TItem>;
  onDelete?: (item: TItem, items: TItem[]) => void;
  onOverCount?: (n: number) => void;
  'aria-label'?: string;
}) {
  const [items, setItems] = useState<TItem[]>(props.defaultValue ?? []);
  const choose = async () => {
    const file = chosen.shift();
    if (!file) return;
    if (items.length >= props.maxCount) return props.onOverCount?.(items.length + 1);
    const uid = `u${Math.random()}`;
    setItems((l) => [...l, { uid, file, status: 'uploading' }]);
    try {
      const r = await props.upload(file);
      setItems((l) => l.map((i) => (i.uid === uid ? { ...i, ...r, status: 'success' } : i)));
    } catch {
      setItems((l) => l.map((i) => (i.uid === uid ? { ...i, status: 'error', message: '上传失败' } : i)));
    }
  };
  return createElement(
    'div',
    { 'data-testid': 'uploader', 'aria-label': props['aria-label'] },
    items.map((i) =>
      createElement(
        'div',
        { key: String(i.uid), 'data-status': i.status },
        `${i.status}${i.message ? ` ${i.message}` : ''}`,
        createElement('button', { onClick: () => (props.onDelete?.(i, items), setItems((l) => l.filter((x) => x !== i))) }, '删除'),
      ),
    ),
    createElement('button', { onClick: choose }, '选择文件'),
  );
}

function RadioGroup({ value, onChange, children, ...rest }: P & { value?: string; onChange?: (v: string) => void }) {
  return createElement(
    'div',
    { role: 'radiogroup', 'aria-label': rest['aria-label'] },
    Children.map(children, (c) =>
      isValidElement(c) ? cloneElement(c as ReactElement<{ checked?: boolean; onSelect?: () => void }>, { checked: (c.props as { value?: string }).value === value, onSelect: () => onChange?.((c.props as { value: string }).value) }) : c,
    ),
  );
}
export function Radio({ children, checked, onSelect }: P & { value: string; checked?: boolean; onSelect?: () => void }) {
  return createElement('div', { role: 'radio', 'aria-checked': checked ? 'true' : 'false', onClick: onSelect }, children);
}
Radio.Group = RadioGroup;
