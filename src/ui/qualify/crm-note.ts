import type { Translate } from '../../i18n/translate';
import type { QualificationContext } from '../../qualification/types';
import { criteriaLabels, criterionLabel, stageLadder, type DealStage, type UiLanguage } from './requirements';
import { formatElapsed } from './timer';

export interface CrmNoteInput {
  t: Translate;
  lang: UiLanguage;
  /** For the date. */
  locale: string;
  timeZone?: string;
  /** Built for the framework the rep chose, with the rep's record. */
  context: QualificationContext;
  dealName: string | null;
  stage: DealStage;
  now: Date;
  /** The call timer's reading; 0 leaves the line out. */
  callMs?: number;
}

/** A note's line breaks would break the one-line-per-criterion layout CRMs show in a plain field. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/gu, '; ').trim();

/**
 * "Copy as CRM note": plain text for the CRM's notes or next-step field, in the UI's language. One line per
 * criterion (answer, then the rep's note), the internal effort, whether management met the customer, and what the
 * deal's stage still requires (or, when the stage is unknown, what the next stage not yet met requires).
 */
export function crmNoteText({ t, lang, locale, timeZone, context, dealName, stage, now, callMs = 0 }: CrmNoteInput): string {
  const { framework, record, evidence, score } = context;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(now);
  const lines: string[] = [];
  lines.push(dealName ? t('qualify_note_title', { framework: framework.name, deal: oneLine(dealName) }) : t('qualify_note_title_unnamed', { framework: framework.name }));
  lines.push(t('qualify_note_meta', { date, score: score.value }));
  if (callMs >= 1000) lines.push(t('qualify_note_call', { duration: formatElapsed(callMs) }));
  lines.push('');

  for (const criterion of framework.criteria) {
    const found = evidence[criterion.id];
    const label = criterionLabel(criterion, lang);
    let answer: string;
    if (!found || found.source === 'none') answer = t('qualify_not_answered');
    else if (found.via) {
      const viaCriterion = criteriaLabels(context, [found.via], lang)[0] ?? found.via;
      answer = t('qualify_note_via', { answer: t(`answer_${found.answer}`), criterion: viaCriterion });
    } else if (found.source === 'crm') answer = t('qualify_note_from_crm', { answer: t(`answer_${found.answer}`) });
    else answer = t(`answer_${found.answer}`);
    const note = found?.source === 'rep' && !found.via ? oneLine(found.text) : '';
    lines.push(note ? t('qualify_note_line_with_note', { criterion: label, answer, note }) : t('qualify_note_line', { criterion: label, answer }));
  }
  lines.push('');

  const effort = record?.effort ?? null;
  lines.push(effort ? t('qualify_note_effort', { people: effort.people, hours: effort.hours }) : t('qualify_note_effort_none'));
  const met = record?.managementMet ?? null;
  lines.push(t('qualify_note_management', { answer: met === null ? t('qualify_not_recorded') : t(met ? 'answer_yes' : 'answer_no') }));

  const ladder = stageLadder(context);
  if (stage.kind === 'open') {
    const step = ladder.find((candidate) => candidate.stage === stage.stage)!;
    lines.push(
      step.missing.length
        ? t('qualify_note_missing', { stage: stage.label, criteria: criteriaLabels(context, step.missing, lang).join(', ') })
        : t('qualify_stage_met', { stage: stage.label }),
    );
  } else if (stage.kind === 'unknown') {
    const next = ladder.find((step) => step.missing.length > 0);
    if (next) lines.push(t('qualify_note_missing', { stage: t(`qualify_stage_${next.stage}`), criteria: criteriaLabels(context, next.missing, lang).join(', ') }));
  }
  return lines.join('\n');
}
