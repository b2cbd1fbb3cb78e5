// The flow's buttons. Each has a keyboard twin on the diagram (see FlowPanel's onKeyDown), except
// the capture files' (web/pcap/).
import { useRef } from 'react';
import type { Translate } from './describe.js';

interface Props {
  t: Translate;
  paused: boolean;
  follow: boolean;
  listShown: boolean;
  canStepBack: boolean;
  canStepForward: boolean;
  onPause: () => void;
  onStep: (delta: -1 | 1) => void;
  onFollow: () => void;
  onClear: () => void;
  onToggleList: () => void;
  /** A capture file is shown instead of the live flow. */
  captureShown: boolean;
  onSave: () => void;
  onOpen: (file: File) => void;
  onCloseCapture: () => void;
}

export function FlowToolbar({
  t,
  paused,
  follow,
  listShown,
  canStepBack,
  canStepForward,
  onPause,
  onStep,
  onFollow,
  onClear,
  onToggleList,
  captureShown,
  onSave,
  onOpen,
  onCloseCapture,
}: Props) {
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="flow-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <button type="button" aria-pressed={paused} onClick={onPause} data-testid="flow-pause">
        {paused ? `▶ ${t('toolbar.resume')}` : `‖ ${t('toolbar.pause')}`}
      </button>
      <button type="button" onClick={() => onStep(-1)} disabled={!canStepBack} data-testid="flow-step-back">
        ◀ {t('toolbar.stepBack')}
      </button>
      <button type="button" onClick={() => onStep(1)} disabled={!canStepForward} data-testid="flow-step-forward">
        {t('toolbar.stepForward')} ▶
      </button>
      <button type="button" aria-pressed={follow && !paused} onClick={onFollow} data-testid="flow-follow">
        ⤓ {t('toolbar.followLive')}
      </button>
      <button type="button" onClick={onClear} data-testid="flow-clear">
        {t('toolbar.clear')}
      </button>
      <button type="button" aria-pressed={listShown} onClick={onToggleList} data-testid="flow-list-toggle">
        {listShown ? t('toolbar.hideList') : t('toolbar.showList')}
      </button>
      <button type="button" onClick={onSave} title={t('pcap:toolbar.saveHint')} data-testid="flow-save-pcapng">
        {t('pcap:toolbar.save')}
      </button>
      <button type="button" onClick={() => file.current?.click()} title={t('pcap:toolbar.openHint')} data-testid="flow-open-capture">
        {t('pcap:toolbar.open')}
      </button>
      <input
        ref={file}
        type="file"
        accept=".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap"
        hidden
        data-testid="flow-open-input"
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // the same file can be opened again
          if (chosen) onOpen(chosen);
        }}
      />
      {captureShown ? (
        <button type="button" onClick={onCloseCapture} data-testid="flow-close-capture">
          {t('pcap:toolbar.close')}
        </button>
      ) : null}
    </div>
  );
}
