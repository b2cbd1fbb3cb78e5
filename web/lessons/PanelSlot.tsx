// The place of one panel in a lesson's text: the panel's component from the registry, with a
// loading line while its code arrives and a boundary so one broken panel leaves the lesson usable.
import { Component, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PANELS, type PanelProps } from '../panels/registry.js';
import { useLesson } from './context.js';

export function PanelSlot({ id }: { id: string }) {
  const { t, i18n } = useTranslation('lessons');
  const spec = useLesson().panels[id];
  if (!spec) return null;
  const Panel = PANELS[spec.type] as ComponentType<PanelProps>;
  // a panel type without a name in lessons.json names itself (its own heading)
  const label = i18n.exists(`lessons:panel.${spec.type}`) ? t(`panel.${spec.type}`) : undefined;
  return (
    <section className={`panel panel-${spec.type}`} data-testid={`panel-${id}`} data-panel-type={spec.type} aria-label={label}>
      <PanelBoundary>
        <Suspense fallback={<p className="panel-loading">{t('panel.loading')}</p>}>
          <Panel spec={spec} panelId={id} />
        </Suspense>
      </PanelBoundary>
    </section>
  );
}

/** Catches a fault while a panel draws: the panel says so in the page's language and can start
 * again; the rest of the lesson goes on. Failures of what a panel does (a request the lab refuses)
 * are shown by the panel itself with PanelError. */
class PanelBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return <PanelFailed error={this.state.error} retry={() => this.setState({ error: undefined })} />;
  }
}

function PanelFailed({ error, retry }: { error: Error; retry: () => void }) {
  const { t } = useTranslation('errors');
  return (
    <div className="panel-failed panel-error" role="alert" data-testid="panel-failed">
      <p className="panel-error-what">{t('panelFailed')}</p>
      <p className="panel-error-todo">{t('panelFailedTodo')}</p>
      <details>
        <summary>{t('details')}</summary>
        <code>{error.message}</code>
      </details>
      <button type="button" onClick={retry}>
        {t('retry')}
      </button>
    </div>
  );
}
