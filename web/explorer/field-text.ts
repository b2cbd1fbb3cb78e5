// The words for a header field. Names and meanings of the fields web/net/headers.ts writes live in
// its namespace (HEADER_I18N_NAMESPACE); the fields only the explorer shows (IPv4's flags as one,
// its empty options) and the short labels of the diagram live in `explorer`.
import type { TFunction } from 'i18next';
import { HEADER_I18N_NAMESPACE } from '../net/headers.js';

export interface FieldRef {
  layer: string;
  id: string;
}

type T = TFunction<'explorer'>;

function own(t: T, key: string): string | undefined {
  return t(key, { defaultValue: '' }) || undefined;
}

export function fieldName(t: T, f: FieldRef): string {
  return own(t, `fields.${f.layer}.${f.id}.name`) ?? t(`${HEADER_I18N_NAMESPACE}:fields.${f.layer}.${f.id}.name`);
}

export function fieldMeaning(t: T, f: FieldRef): string {
  return own(t, `fields.${f.layer}.${f.id}.meaning`) ?? t(`${HEADER_I18N_NAMESPACE}:fields.${f.layer}.${f.id}.meaning`);
}

/** The label that fits the field's box in the diagram. */
export function fieldShortName(t: T, f: FieldRef): string {
  return own(t, `short.${f.layer}.${f.id}`) ?? fieldName(t, f);
}

export function noteText(t: T, noteKey: string): string {
  return t(`${HEADER_I18N_NAMESPACE}:${noteKey}`);
}

export function layerTitle(t: T, layer: string): string {
  return t(`${HEADER_I18N_NAMESPACE}:inspector.layer.${layer}`);
}
