// The header's fields in words: name, this packet's value, its bits, and what it means. A flag
// group lists its flags under it. Reconstructed values say so, and why.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Header, HeaderField } from '../net/headers.js';
import { fieldMeaning, fieldName, noteText } from './field-text.js';
import { fieldBits, type OnActive, type ShownField } from './layout.js';

interface Props {
  header: Header;
  fields: ShownField[];
  active: string | undefined;
  onActive: OnActive;
  caption: string;
}

const dataValue = (v: number | string | null) => (v === null ? '' : String(v));

/** Header lengths counted in 32-bit words: the value, and what it means in bytes. */
const IN_WORDS = new Set(['ihl', 'dataOffset']);

export function FieldTable({ header, fields, active, onActive, caption }: Props) {
  const { t } = useTranslation('explorer');
  return (
    <table className="hdr-table" data-testid="header-table" data-layer={header.layer}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('table.field')}</th>
          <th scope="col">{t('table.value')}</th>
          <th scope="col">{t('table.bits')}</th>
          <th scope="col">{t('table.meaning')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <Fragment key={f.key}>
            <tr
              data-testid="header-field"
              data-layer={f.layer}
              data-field={f.id}
              data-value={dataValue(f.value)}
              data-reconstructed={f.reconstructed}
              data-active={f.key === active || undefined}
              onMouseEnter={() => onActive(f.key, 'pointer')}
              onMouseLeave={() => onActive(undefined, 'pointer')}
            >
              <th scope="row">
                {fieldName(t, f)}
                <span className="hdr-size">{t('table.size', { count: f.bits })}</span>
              </th>
              <td className="hdr-value">
                {f.id === 'options' && f.bits === 0
                  ? t('ipHeader.noOptions')
                  : IN_WORDS.has(f.id) && typeof f.value === 'number'
                    ? t('table.wordsValue', { value: f.value, bytes: f.value * 4 })
                    : f.display}
                {f.reconstructed && <span className="hdr-badge">{t('table.reconstructed')}</span>}
              </td>
              <td className="hdr-bits">{f.bits > 0 ? fieldBits(header, f) : '–'}</td>
              <td>
                {fieldMeaning(t, f)}
                {f.noteKey && <span className="hdr-note">{noteText(t, f.noteKey)}</span>}
              </td>
            </tr>
            {f.parts?.map((p) => (
              <PartRow key={p.id} header={header} part={p} group={f} active={active} onActive={onActive} />
            ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function PartRow({
  header,
  part,
  group,
  active,
  onActive,
}: {
  header: Header;
  part: HeaderField;
  group: ShownField;
  active: string | undefined;
  onActive: OnActive;
}) {
  const { t } = useTranslation('explorer');
  return (
    <tr
      className="hdr-part"
      data-testid="header-field"
      data-layer={part.layer}
      data-field={part.id}
      data-value={dataValue(part.value)}
      data-reconstructed={part.reconstructed}
      data-active={group.key === active || undefined}
      onMouseEnter={() => onActive(group.key, 'pointer')}
      onMouseLeave={() => onActive(undefined, 'pointer')}
    >
      <th scope="row">{fieldName(t, part)}</th>
      <td className="hdr-value">
        {part.display}
        {part.reconstructed && <span className="hdr-badge">{t('table.reconstructed')}</span>}
      </td>
      <td className="hdr-bits">{fieldBits(header, part)}</td>
      <td>
        {fieldMeaning(t, part)}
        {part.noteKey && <span className="hdr-note">{noteText(t, part.noteKey)}</span>}
      </td>
    </tr>
  );
}
