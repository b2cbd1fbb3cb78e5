// One header as the classic diagram: rows 32 bits wide, each field a box as wide as its bits, and
// under each row its 4 bytes in hex. Pointing at (or focusing) a field lights its box, its bytes
// and its line in the table.
import { useTranslation } from 'react-i18next';
import type { Header } from '../net/headers.js';
import { fieldShortName } from './field-text.js';
import { diagramRows, fieldBits, fieldBytes, hexByte, ROW_BITS, type OnActive, type ShownField } from './layout.js';

interface Props {
  header: Header;
  fields: ShownField[];
  active: string | undefined;
  onActive: OnActive;
  label: string;
}

const RULER = [0, 8, 16, 24, 31];

/** The value as it fits a box: narrow boxes get the bare number. */
function cellValue(header: Header, field: ShownField, span: number): string {
  if (field.parts) return fieldBits(header, field);
  if (typeof field.value === 'number' && span < 12) return String(field.value);
  return field.display;
}

export function HeaderDiagram({ header, fields, active, onActive, label }: Props) {
  const { t } = useTranslation('explorer');
  const rows = diagramRows(fields, header.bytes.length);
  const activeField = fields.find((f) => f.key === active);
  const lit = new Set(activeField ? fieldBytes(activeField) : []);
  const options = fields.find((f) => f.id === 'options' && f.bits === 0);
  return (
    <div className="hdr-diagram" role="group" aria-label={label} data-testid="header-diagram" data-layer={header.layer}>
      <div className="hdr-ruler" aria-hidden="true">
        <span className="hdr-offset">{t('ipHeader.byte')}</span>
        {RULER.map((bit) => (
          <span key={bit} style={{ gridColumn: bit + 2 }}>
            {bit}
          </span>
        ))}
      </div>
      {rows.map((cells, r) => (
        <div key={r} className="hdr-row">
          <span className="hdr-offset" aria-hidden="true">
            {r * (ROW_BITS / 8)}
          </span>
          {cells.map((c) => (
            <span
              key={`${c.field.key}@${c.col}`}
              className="hdr-cell"
              style={{ gridColumn: `${c.col + 2} / span ${c.span}` }}
              tabIndex={c.first ? 0 : -1}
              data-testid="header-cell"
              data-layer={c.field.layer}
              data-field={c.field.id}
              data-active={c.field.key === active || undefined}
              data-reconstructed={c.field.reconstructed || undefined}
              data-continued={!c.first || undefined}
              title={`${fieldShortName(t, c.field)}: ${c.field.display}`}
              onMouseEnter={() => onActive(c.field.key, 'pointer')}
              onMouseLeave={() => onActive(undefined, 'pointer')}
              onFocus={() => onActive(c.field.key, 'focus')}
              onBlur={() => onActive(undefined, 'focus')}
            >
              <span className="hdr-cell-name">{c.first ? fieldShortName(t, c.field) : '…'}</span>
              {c.first && <span className="hdr-cell-value">{cellValue(header, c.field, c.span)}</span>}
            </span>
          ))}
          {Array.from({ length: Math.min(4, header.bytes.length - r * 4) }, (_, i) => {
            const at = r * 4 + i;
            return (
              <span
                key={`b${at}`}
                className="hdr-byte"
                style={{ gridColumn: `${i * 8 + 2} / span 8` }}
                data-testid="header-byte"
                data-byte={at}
                data-active={lit.has(at) || undefined}
              >
                {hexByte(header.bytes[at] ?? 0)}
              </span>
            );
          })}
        </div>
      ))}
      {options && (
        <div className="hdr-row hdr-row-empty">
          <span className="hdr-offset" aria-hidden="true">
            {header.bytes.length}
          </span>
          <span
            className="hdr-cell hdr-cell-empty"
            style={{ gridColumn: '2 / span 32' }}
            tabIndex={0}
            data-testid="header-cell"
            data-layer={options.layer}
            data-field={options.id}
            data-active={options.key === active || undefined}
            onMouseEnter={() => onActive(options.key, 'pointer')}
            onMouseLeave={() => onActive(undefined, 'pointer')}
            onFocus={() => onActive(options.key, 'focus')}
            onBlur={() => onActive(undefined, 'focus')}
          >
            <span className="hdr-cell-name">{fieldShortName(t, options)}</span>
            <span className="hdr-cell-value">{t('ipHeader.noOptions')}</span>
          </span>
        </div>
      )}
    </div>
  );
}
