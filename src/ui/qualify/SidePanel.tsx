import type { Translate } from '../../i18n/translate';
import { QualifyWorkspace } from './QualifyWorkspace';
import type { QualifySource } from './source';

export interface SidePanelProps {
  t: Translate;
  locale: string;
  source: QualifySource;
  /** Opens the pipeline review page in a tab; left out where there is none. */
  openReview?(): void;
}

/**
 * The side panel (Chrome) or sidebar (Firefox): quick-qualify that stays open beside the CRM while the rep talks
 * and types, following the active tab of its window.
 */
export function SidePanel({ t, locale, source, openReview }: SidePanelProps) {
  return (
    <main className="sidepanel">
      <header className="sidepanel__header">
        <h1>{t('qualify_title')}</h1>
        {openReview && (
          <button type="button" className="link-button" onClick={openReview}>
            {t('popup_pipeline_review')}
          </button>
        )}
      </header>
      <QualifyWorkspace t={t} locale={locale} source={source} />
    </main>
  );
}
