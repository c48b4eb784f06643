import { useMemo, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { Quota } from '../../model/settings';
import { buildWeeklyBrief } from '../../review/brief';
import type { ReviewRow } from '../../review/rows';
import { Dialog } from './Dialog';

export interface BriefDialogProps {
  rows: readonly ReviewRow[];
  totalDeals: number;
  quotas: readonly Quota[];
  /** Read once, when the brief opens: the week it covers does not move while it is shown. */
  now(): Date;
  timeZone?: string;
  t: Translate;
  locale: string;
  copyText(text: string): Promise<void>;
  onClose(): void;
}

type CopyState = { status: 'idle' } | { status: 'copied' } | { status: 'failed'; error: string };

/** The weekly pipeline meeting brief for the deals in view: a Markdown preview and one button to copy it. */
export function BriefDialog({ rows, totalDeals, quotas, now, timeZone, t, locale, copyText, onClose }: BriefDialogProps) {
  const [openedAt] = useState(now);
  const brief = useMemo(() => buildWeeklyBrief({ rows, totalDeals, quotas, now: openedAt, timeZone, t, locale }), [rows, totalDeals, quotas, openedAt, timeZone, t, locale]);
  const [copy, setCopy] = useState<CopyState>({ status: 'idle' });
  const onCopy = () => {
    copyText(brief.markdown).then(
      () => setCopy({ status: 'copied' }),
      (error: unknown) => setCopy({ status: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <Dialog title={t('review_brief_dialog_title')} onClose={onClose} className="dialog--brief" closeLabel={t('review_close')}>
      <p className="dialog__intro">{t('review_brief_intro')}</p>
      <ul className="brief-stats" aria-label={t('review_brief_glance')}>
        <li>
          <strong>{brief.atRiskDeals}</strong> {t('review_brief_stat_at_risk')}
        </li>
        <li>
          <strong>{brief.slipped}</strong> {t('review_brief_stat_slipped')}
        </li>
        <li>
          <strong>{brief.staleCommits}</strong> {t('review_brief_stat_stale_commits')}
        </li>
        <li>
          <strong>{brief.qualificationGaps}</strong> {t('review_brief_stat_gaps')}
        </li>
      </ul>
      <label className="brief-preview__label" htmlFor="brief-preview">
        {t('review_brief_preview')}
      </label>
      <textarea id="brief-preview" className="brief-preview" readOnly value={brief.markdown} rows={18} spellCheck={false} />
      <div className="dialog__actions">
        <p className="dialog__status" role="status" aria-live="polite">
          {copy.status === 'copied' ? t('review_brief_copied') : copy.status === 'failed' ? t('review_brief_copy_failed', { error: copy.error }) : ''}
        </p>
        <button type="button" className="button" onClick={onClose}>
          {t('review_close')}
        </button>
        <button type="button" className="button button--primary" onClick={onCopy}>
          {t('review_brief_copy')}
        </button>
      </div>
    </Dialog>
  );
}
