// The program editor: CodeMirror 6 with its Python mode and line numbers, and one lit line (the
// line that made the latest socket call, from the real call). No React here: the panel owns one.
import { python } from '@codemirror/lang-python';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, type DecorationSet } from '@codemirror/view';
import { basicSetup } from 'codemirror';

const setLit = StateEffect.define<number | null>();

const litField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setLit)) continue;
      const line = effect.value;
      if (line === null || line < 1 || line > tr.state.doc.lines) next = Decoration.none;
      else next = Decoration.set([Decoration.line({ class: 'cm-lit-line', attributes: { 'data-lit': 'true' } }).range(tr.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export interface EditorOptions {
  doc: string;
  /** What a screen reader calls the editor ("UDPClient.py, editable"). */
  label: string;
  onChange(text: string): void;
  /** Ctrl-Enter (Cmd-Enter): run. */
  onRun(): void;
}

export class ProgramEditor {
  readonly view: EditorView;

  constructor(parent: HTMLElement, options: EditorOptions) {
    const extensions: Extension[] = [
      basicSetup,
      python(),
      litField,
      keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': options.label }),
    ];
    this.view = new EditorView({ parent, state: EditorState.create({ doc: options.doc, extensions }) });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  setText(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text }, effects: setLit.of(null) });
  }

  /** Lights one line (1-based), or none; scrolls it into sight without taking the focus. */
  light(line: number | null): void {
    const ok = line !== null && line >= 1 && line <= this.view.state.doc.lines;
    this.view.dispatch({
      effects: ok ? [setLit.of(line), EditorView.scrollIntoView(this.view.state.doc.line(line).from, { y: 'nearest' })] : [setLit.of(null)],
    });
  }

  dispose(): void {
    this.view.destroy();
  }
}
