// One end of the connection: what each recv() returned there, what seed 002's decoder made of it,
// and the decoder's state now (reading the size or the payload, its buffer in hex and ASCII).
import { useTranslation } from 'react-i18next';
import type { DecoderState } from '../../protocol/framing.js';
import { ascii, hex } from './bytes.js';
import { MAX_FAILURES, type DecodeRun, type DecodeStep, type Outcome } from './decoder-run.js';

/** The log shows this many recent recv() calls; older ones scroll off. */
const SHOWN_STEPS = 8;

export function DecoderColumn({ side, title, sock, run }: { side: 'page' | 'lab'; title: string; sock: string | undefined; run: DecodeRun }) {
  const { t } = useTranslation('framing');
  const shown = run.steps.slice(-SHOWN_STEPS);
  return (
    <section className="frame-side" data-testid={`frame-side-${side}`} data-gave-up={run.gaveUp} data-steps={run.steps.length}>
      <h3>
        {title} {sock && <code>{sock}</code>}
      </h3>
      <StateBox state={run.state} failures={run.failures} gaveUp={run.gaveUp} />
      {run.steps.length === 0 && <p className="frame-empty">{t('decoder.noChunks')}</p>}
      {run.steps.length > shown.length && <p className="frame-empty">{t('decoder.earlier', { count: run.steps.length - shown.length })}</p>}
      <ol className="frame-steps">
        {shown.map((step) => (
          <Step key={step.chunk.seq} step={step} />
        ))}
      </ol>
      {run.ignored > 0 && <p className="frame-empty">{t('decoder.ignored', { count: run.ignored })}</p>}
    </section>
  );
}

function StateBox({ state, failures, gaveUp }: { state: DecoderState; failures: number; gaveUp: boolean }) {
  const { t } = useTranslation('framing');
  const body = state.buffered.subarray(state.phase === 'payload' ? state.buffered.indexOf(0x20) + 1 : 0);
  return (
    <div className="frame-state" data-testid="frame-state" data-phase={state.phase} data-buffered={state.buffered.length}>
      <p>
        <strong>{t('decoder.now')}</strong>{' '}
        {state.phase === 'size' ? t('decoder.readingSize') : t('decoder.readingPayload', { have: body.length, size: state.size })}
      </p>
      <p className="frame-buffer">
        <span>{t('decoder.buffer', { count: state.buffered.length })}</span>
        {state.buffered.length > 0 && <Bytes bytes={state.buffered} />}
      </p>
      <p className={gaveUp ? 'frame-bad' : undefined}>
        {gaveUp ? t('decoder.gaveUp', { max: MAX_FAILURES }) : t('decoder.failures', { count: failures, max: MAX_FAILURES })}
      </p>
    </div>
  );
}

function Step({ step }: { step: DecodeStep }) {
  const { t } = useTranslation('framing');
  const { after } = step;
  return (
    <li className="frame-step" data-testid="frame-step">
      <div className="frame-chunk">
        <span>{t('decoder.recv', { index: step.index, count: step.chunk.bytes.length })}</span>
        <Bytes bytes={step.chunk.bytes} />
      </div>
      {step.items.map((item, i) => (
        <Item key={i} item={item} failures={step.failures} last={i === step.items.length - 1} gaveUp={step.gaveUp} />
      ))}
      {step.items.length === 0 && (
        <div className="frame-item" data-kind="partial">
          {after.phase === 'size'
            ? t('decoder.partialSize')
            : t('decoder.partialPayload', { have: after.buffered.length - after.buffered.indexOf(0x20) - 1, size: after.size })}
        </div>
      )}
    </li>
  );
}

function Item({ item, failures, last, gaveUp }: { item: Outcome; failures: number; last: boolean; gaveUp: boolean }) {
  const { t } = useTranslation('framing');
  if (item.kind === 'frame') {
    return (
      <div className="frame-item" data-kind="frame" data-reads={item.reads}>
        {t('decoder.message', { text: item.text ?? '', count: item.payload.length })}{' '}
        {item.reads > 1 && <strong>{t('decoder.reassembled', { reads: item.reads })}</strong>}
      </div>
    );
  }
  return (
    <div className="frame-item frame-bad" data-kind="error" data-code={item.code}>
      <code>{item.code}</code> {item.message}. {t('decoder.dropped', { count: item.dropped })}
      {last && ` ${gaveUp ? t('decoder.givesUp') : t('decoder.inARow', { count: failures, max: MAX_FAILURES })}`}
    </div>
  );
}

/** Past this many bytes the hex column is cut (the ASCII column stays whole). */
const HEX_SHOWN = 24;

function Bytes({ bytes }: { bytes: Uint8Array }) {
  const { t } = useTranslation('framing');
  const cut = bytes.length > HEX_SHOWN;
  return (
    <span className="frame-bytes">
      <code className="frame-ascii">{ascii(bytes)}</code>
      <code className="frame-hex">
        {hex(cut ? bytes.subarray(0, HEX_SHOWN) : bytes)}
        {cut && ` ${t('decoder.moreBytes', { count: bytes.length - HEX_SHOWN })}`}
      </code>
    </span>
  );
}
