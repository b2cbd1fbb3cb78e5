// Korean particles after a value put into a UI string: "12110으로", "UDPClient.py를". A Korean
// string writes the pair as a format, `{{port, 으로/로}}`, and es-hangul picks the form from the
// word's last syllable. A number is read as a Korean reader reads it (12110: 일만이천백십), so the
// particle fits the number's sound; a word in Latin letters gets the form after a vowel.
import type { i18n } from 'i18next';
import { josa, numberToHangul } from 'es-hangul';

export const JOSA_PAIRS = ['을/를', '이/가', '은/는', '으로/로', '와/과', '이나/나'] as const;
export type JosaPair = (typeof JOSA_PAIRS)[number];

/** The word with its particle: withJosa('12110', '으로/로') is '12110으로'. */
export function withJosa(word: string, pair: JosaPair): string {
  const digits = /(\d{1,15})$/.exec(word)?.[1];
  const reading = digits === undefined ? word : numberToHangul(Number(digits));
  return word + josa.pick(reading, pair);
}

/** Makes every pair a format of this i18next instance: `{{name, 이/가}}`. */
export function addJosaFormats(instance: i18n): void {
  for (const pair of JOSA_PAIRS) instance.services.formatter?.add(pair, (value: unknown) => withJosa(String(value), pair));
}
