// Browser features the DOM types promise but a page can lack: the clipboard outside a secure
// context (127.0.0.1 and localhost are secure), matchMedia in a test's DOM. Each is typed here as
// possibly absent, so its users check.

/** The clipboard API, when the page may use it. */
export const clipboard = (): Clipboard | undefined => (navigator as Partial<Navigator>).clipboard;

/** The system's "dark colours" preference as a live query, when the page can ask. */
export const darkSchemeQuery = (): MediaQueryList | undefined => (window as Partial<Window>).matchMedia?.('(prefers-color-scheme: dark)');
