// The flow's buttons. Each has a keyboard twin on the diagram (see FlowPanel's onKeyDown).
import type { Translate } from './describe.js';

interface Props {
  t: Translate;
  paused: boolean;
  follow: boolean;
  listShown: boolean;
  canStepBack: boolean;
  canStepForward: boolean;
  onPause(): void;
  onStep(delta: -1 | 1): void;
  onFollow(): void;
  onClear(): void;
  onToggleList(): void;
}

export function FlowToolbar({ t, paused, follow, listShown, canStepBack, canStepForward, onPause, onStep, onFollow, onClear, onToggleList }: Props) {
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
    </div>
  );
}
