// The lab's own reason for a refusal (a LAB_* code), in the page's language, for the message of
// the Python exception a program gets: "OSError: [Errno 24] Too many open files (This page has as
// many sockets open as the lab allows. Close a console...)". The words are the panels' (errors.json).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { describeFailure } from '../panels/errors.js';

export function useLabHint(): (code: string) => string | undefined {
  const { t, i18n } = useTranslation('errors');
  return useCallback(
    (code: string) => {
      if (!i18n.exists(`errors:codes.${code}.what`)) return undefined;
      const { what, todo } = describeFailure({ code }, t, (key) => i18n.exists(key));
      return `${what} ${todo}`;
    },
    [t, i18n],
  );
}
