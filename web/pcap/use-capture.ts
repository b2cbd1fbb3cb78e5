// The flow panel's capture files: "Save as pcapng" hands the browser a file to download; "Open a
// capture" reads one and shows it in place of the live flow until "Back to live". What happened is
// kept as data and put into words at render time, so a change of language redraws it. The writer
// and the reader are fetched the first time they are needed, not with the page.
import { useCallback, useEffect, useRef, useState } from 'react';
import { addrKey } from '../flow/addresses.js';
import type { Translate } from '../flow/describe.js';
import type { FlowView } from '../flow/types.js';
import type { ExportInput } from './export.js';
import type { CaptureImport } from './import.js';

/** Larger files are refused before they are read: the flow keeps 5,000 rows anyway. */
export const MAX_CAPTURE_MB = 64;

export type CaptureNote =
  | { kind: 'saved'; name: string; count: number; skipped: number; conversation?: string }
  | { kind: 'nothingToSave' }
  | { kind: 'opened'; name: string; result: CaptureImport }
  /** unavailable: the writer could not be fetched (the lab stopped since the page loaded). */
  | { kind: 'failed'; name: string; code: 'tooBig' | 'unreadable' | 'unavailable'; message?: string };

export interface CaptureState {
  /** The capture shown instead of the live flow. */
  shown?: { name: string; view: FlowView };
  note?: CaptureNote;
  save(input: Omit<ExportInput, 'application'>): void;
  open(file: File): void;
  close(): void;
}

export function useCapture(): CaptureState {
  const [note, setNote] = useState<CaptureNote | undefined>(undefined);
  const [shown, setShown] = useState<{ name: string; view: FlowView } | undefined>(undefined);
  const url = useRef<string | undefined>(undefined);
  /** Bumped by every open() and on unmount: a file read that finishes late is ignored. */
  const generation = useRef(0);

  useEffect(
    () => () => {
      generation.current++;
      if (url.current) URL.revokeObjectURL(url.current);
    },
    [],
  );

  const save = useCallback((input: Omit<ExportInput, 'application'>) => {
    const mine = generation.current;
    import('./export.js').then(
      ({ captureFileName, exportPcapng }) => {
        if (mine !== generation.current) return;
        const result = exportPcapng(input);
        if (result.packets === 0) return setNote({ kind: 'nothingToSave' });
        const name = captureFileName();
        if (url.current) URL.revokeObjectURL(url.current);
        url.current = URL.createObjectURL(new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-pcapng' }));
        const a = document.createElement('a');
        a.href = url.current;
        a.download = name;
        a.click();
        const only = input.only?.src && input.only.dst ? `${addrKey(input.only.src)} ↔ ${addrKey(input.only.dst)}` : undefined;
        setNote({ kind: 'saved', name, count: result.packets, skipped: result.skipped, ...(only ? { conversation: only } : {}) });
      },
      () => mine === generation.current && setNote({ kind: 'failed', name: '', code: 'unavailable' }),
    );
  }, []);

  const open = useCallback((file: File) => {
    const mine = ++generation.current;
    if (file.size > MAX_CAPTURE_MB * 1024 * 1024) return setNote({ kind: 'failed', name: file.name, code: 'tooBig' });
    Promise.all([file.arrayBuffer(), import('./import.js')]).then(
      ([buffer, { importCapture }]) => {
        if (mine !== generation.current) return;
        const result = importCapture(new Uint8Array(buffer));
        setShown(result.drawn > 0 ? { name: file.name, view: result.view } : undefined);
        setNote({ kind: 'opened', name: file.name, result });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setNote({ kind: 'failed', name: file.name, code: 'unreadable', message: error instanceof Error ? error.message : String(error) });
      },
    );
  }, []);

  const close = useCallback(() => {
    generation.current++;
    setShown(undefined);
    setNote(undefined);
  }, []);

  return { shown, note, save, open, close };
}

/** The sentences a note stands for, each marked as an error or not. `t` is the flow namespace's. */
export function captureNoteTexts(note: CaptureNote | undefined, t: Translate): { text: string; error: boolean }[] {
  if (!note) return [];
  switch (note.kind) {
    case 'nothingToSave':
      return [{ text: t('pcap:nothingToSave'), error: true }];
    case 'saved':
      return [
        { text: t('pcap:saved', { name: note.name, count: note.count }), error: false },
        ...(note.conversation ? [{ text: t('pcap:savedConversation', { conversation: note.conversation }), error: false }] : []),
        ...(note.skipped > 0 ? [{ text: t('pcap:savedSkipped', { count: note.skipped }), error: false }] : []),
      ];
    case 'failed':
      return [{ text: t(`pcap:problem.${note.code}`, { name: note.name, max: MAX_CAPTURE_MB, message: note.message }), error: true }];
    case 'opened': {
      const r = note.result;
      const out: { text: string; error: boolean }[] = [];
      if (r.problem) out.push({ text: t(`pcap:problem.${r.problem.code}`, { name: note.name, at: 'at' in r.problem ? r.problem.at : 0 }), error: true });
      if (r.drawn > 0) out.push({ text: t('pcap:showing', { name: note.name, drawn: r.drawn, frames: r.frames }), error: false });
      else if (!r.problem || r.frames > 0) out.push({ text: t('pcap:problem.nothing', { name: note.name }), error: true });
      const skipped = Object.entries(r.skipped);
      if (skipped.length > 0) {
        const count = skipped.reduce((n, [, c]) => n + c, 0);
        out.push({ text: t('pcap:skipped', { count, what: skipped.map(([what]) => what).join(', ') }), error: r.drawn === 0 });
      }
      if (r.acks > 0) out.push({ text: t('pcap:acks', { count: r.acks }), error: false });
      if (r.cut) out.push({ text: t('pcap:cut', { count: r.view.rows.length }), error: false });
      return out;
    }
  }
}
