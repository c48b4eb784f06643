import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Translate } from '../../i18n/translate';
import { findingText } from '../../i18n/finding';
import type { DealSnapshot } from '../../model/deal';
import type { Settings } from '../../model/settings';
import type { Verdict } from '../../model/verdict';
import { buildQualificationContext } from '../../qualification/context';
import { BUILT_IN_FRAMEWORKS, resolveFramework } from '../../qualification/frameworks';
import { ANSWERS, type Answer, type Criterion, type CriterionEvidence, type Framework, type QualificationContext, type QualificationRecord } from '../../qualification/types';
import { rulesById } from '../../rules';
import { crmNoteText } from './crm-note';
import { keyAction } from './keys';
import { clearAnswer, newRecord, setAnswer, setEffort, setFramework, setManagementMet, setNote } from './record';
import { criteriaLabels, criterionLabel, dealStage, stageLadder, uiLanguage, type DealStage, type UiLanguage } from './requirements';
import { createSaveQueue, type SaveQueue, type SaveStatus } from './save-queue';
import type { QualifySource } from './source';
import { CallTimer, useCallTimer } from './CallTimer';

export interface QuickQualifyProps {
  t: Translate;
  locale: string;
  dealKey: string;
  /** The name the rep typed, for a deal qualified by name. */
  manualName?: string;
  /** The deal as the tab shows it (stage mapped); null for a deal qualified by name or not on the page. */
  snapshot: DealSnapshot | null;
  /** The deal's verdict as the tab shows it, for the qualification findings it has now. */
  verdict?: Verdict | null;
  /** The tab showing the deal, so its badges follow the answers at once. */
  tabId: number | null;
  settings: Settings;
  source: QualifySource;
  /** Denser layout for the popup. */
  compact?: boolean;
}

type Load = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready' };
type CopyState = { state: 'idle' } | { state: 'copied' } | { state: 'failed'; error: string; text: string };

/** Frameworks a rep can choose: the built-in ones and the team's own (settings). */
export function availableFrameworks(settings: Settings): Framework[] {
  return [...BUILT_IN_FRAMEWORKS, ...settings.qualification.customFrameworks];
}

/**
 * Quick-qualify for one deal: the framework's criteria one by one with the questions to ask, an answer and a note
 * for each, internal effort and whether management met the customer; the live qualification score, what the
 * deal's stage still requires, a call timer and "copy as CRM note". Every change is saved at once.
 */
export function QuickQualify({ t, locale, dealKey, manualName, snapshot, verdict, tabId, settings, source, compact = false }: QuickQualifyProps) {
  const lang = uiLanguage(t('locale_code'));
  const ids = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [record, setRecord] = useState<QualificationRecord | null>(null);
  const [storedSnapshot, setStoredSnapshot] = useState<DealSnapshot | null>(null);
  const [current, setCurrent] = useState(0);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>({ state: 'idle' });
  const recordRef = useRef<QualificationRecord | null>(null);
  const tabIdRef = useRef(tabId);
  tabIdRef.current = tabId;
  const headRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const noteRefs = useRef<(HTMLTextAreaElement | null)[]>([]);
  const focusAfterMove = useRef(false);

  const timer = useCallTimer(source.timer, () => source.now().getTime());

  const queueRef = useRef<SaveQueue<QualificationRecord> | null>(null);
  queueRef.current ??= createSaveQueue<QualificationRecord>((value) => source.saveQualification(value, tabIdRef.current), setSaveStatus);
  const queue = queueRef.current;

  useEffect(() => {
    let alive = true;
    source.getQualification(dealKey).then(
      (reply) => {
        if (!alive) return;
        const initial = reply.record ?? newRecord(dealKey, settings.qualification.framework, source.now(), manualName);
        recordRef.current = initial;
        setRecord(initial);
        setStoredSnapshot(reply.snapshot);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => alive && setLoad({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      alive = false;
    };
    // The deal decides what is loaded; a surface shows another deal with another component (keyed by deal).
  }, [dealKey]);

  // Another surface (the popup beside the side panel) may have saved newer answers for this deal: each save judges
  // the tab again, which gives this deal a new verdict. Then take the stored record if it is newer than ours.
  const [adopted, setAdopted] = useState(0);
  const verdictStamp = verdict?.computedAt ?? null;
  const stampAtLoad = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (load.status !== 'ready') return;
    // The verdict shown when the record was loaded says nothing new.
    if (stampAtLoad.current === undefined) {
      stampAtLoad.current = verdictStamp;
      return;
    }
    if (verdictStamp === null || verdictStamp === stampAtLoad.current) return;
    let alive = true;
    queue
      .settled()
      .then(() => source.getQualification(dealKey))
      .then(({ record: stored }) => {
        const local = recordRef.current;
        if (!alive || !stored || !local || Date.parse(stored.updatedAt) <= Date.parse(local.updatedAt)) return;
        recordRef.current = stored;
        setRecord(stored);
        setAdopted((count) => count + 1);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [verdictStamp, load.status, queue, source, dealKey]);

  // Closing the popup or the panel: what waits is sent now, not after the save in flight.
  useEffect(() => {
    const flush = () => queue.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [queue]);

  const update = useCallback(
    (edit: (record: QualificationRecord, now: Date) => QualificationRecord) => {
      const previous = recordRef.current;
      if (!previous) return;
      const next = edit(previous, source.now());
      if (next === previous) return;
      recordRef.current = next;
      setRecord(next);
      queue.push(next);
    },
    [queue, source],
  );

  const frameworks = useMemo(() => availableFrameworks(settings), [settings]);
  const framework = useMemo(() => {
    const chosen = record ? resolveFramework(settings, record.frameworkId) : undefined;
    return chosen ?? resolveFramework(settings);
  }, [record, settings]);
  const deal = snapshot ?? storedSnapshot;
  const context = useMemo(() => buildQualificationContext({ framework, record, deal }), [framework, record, deal]);
  const stage = dealStage(deal);
  const criteria = framework.criteria;
  const active = Math.min(current, criteria.length - 1);

  const move = useCallback(
    (to: number) => {
      focusAfterMove.current = true;
      setCurrent(Math.max(0, Math.min(criteria.length - 1, to)));
    },
    [criteria.length],
  );
  useEffect(() => {
    if (!focusAfterMove.current) return;
    focusAfterMove.current = false;
    headRefs.current[active]?.focus();
  }, [active]);

  // A layout effect: the keys work from the moment the criteria are on screen, so a key pressed at once is not lost.
  useLayoutEffect(() => {
    if (load.status !== 'ready') return;
    const onKey = (event: KeyboardEvent) => {
      const action = keyAction(event);
      if (!action) return;
      const criterion = criteria[active];
      if (!criterion) return;
      event.preventDefault();
      switch (action.type) {
        case 'answer':
          update((value, now) => setAnswer(value, criterion.id, action.answer, now));
          break;
        case 'clear':
          update((value, now) => clearAnswer(value, criterion.id, now));
          break;
        case 'next':
          move(active + 1);
          break;
        case 'previous':
          move(active - 1);
          break;
        case 'note': {
          const note = noteRefs.current[active];
          if (note && !note.disabled) note.focus();
          break;
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [load.status, criteria, active, update, move]);

  if (load.status === 'loading') return <p className="state" role="status">{t('qualify_loading')}</p>;
  if (load.status === 'error') return <p className="state state--error" role="alert">{t('qualify_error', { error: load.error })}</p>;
  if (!record) return null;

  const name = manualName ?? (deal?.fields.name.state === 'value' ? deal.fields.name.value : null);

  return (
    <section className={`qq${compact ? ' qq--compact' : ''}`} aria-label={t('qualify_title')}>
      <div className="qq__top">
        <FrameworkPicker t={t} frameworks={frameworks} value={framework.id} defaultId={settings.qualification.framework} onChange={(id) => update((value, now) => setFramework(value, id, now))} />
        <ScoreBadge t={t} score={context.score.value} framework={framework.name} />
      </div>
      <div className="qq__status">
        <SaveIndicator t={t} status={saveStatus} onRetry={() => queue.retry()} />
        <CallTimer t={t} control={timer} />
      </div>
      <StageRequirements t={t} lang={lang} context={context} stage={stage} />
      <QualificationFindings t={t} verdict={verdict ?? null} />

      <h3 className="qq__heading" id={`${ids}-criteria`}>
        {t('qualify_criteria_heading')}
      </h3>
      <ol className="criteria" aria-labelledby={`${ids}-criteria`}>
        {criteria.map((criterion, index) => (
          <CriterionRow
            key={criterion.id}
            t={t}
            lang={lang}
            criterion={criterion}
            index={index}
            count={criteria.length}
            isCurrent={index === active}
            evidence={context.evidence[criterion.id]}
            repAnswer={Object.hasOwn(record.answers, criterion.id) ? record.answers[criterion.id]! : null}
            requiredNow={stage.kind === 'open' && context.required.includes(criterion.id)}
            missingNow={context.missingRequired.includes(criterion.id)}
            viaLabel={(id) => criteriaLabels(context, [id], lang)[0] ?? id}
            headRef={(element) => (headRefs.current[index] = element)}
            noteRef={(element) => (noteRefs.current[index] = element)}
            onSelect={() => setCurrent(index)}
            onMove={move}
            onLeaveNote={() => headRefs.current[index]?.focus()}
            onAnswer={(answer) => update((value, now) => setAnswer(value, criterion.id, answer, now))}
            onClear={() => update((value, now) => clearAnswer(value, criterion.id, now))}
            onNote={(note) => update((value, now) => setNote(value, criterion.id, note, now))}
          />
        ))}
      </ol>

      <EffortAndManagement key={adopted} t={t} record={record} onEffort={(effort) => update((value, now) => setEffort(value, effort, now))} onManagement={(met) => update((value, now) => setManagementMet(value, met, now))} />

      <CopyNote
        t={t}
        build={() => crmNoteText({ t, lang, locale, context, dealName: name, stage, now: source.now(), callMs: timer.elapsed })}
        source={source}
      />
      <KeyLegend t={t} />
    </section>
  );
}

function FrameworkPicker({ t, frameworks, value, defaultId, onChange }: { t: Translate; frameworks: Framework[]; value: string; defaultId: string; onChange(id: string): void }) {
  const id = useId();
  return (
    <div className="qq__framework">
      <label htmlFor={id}>{t('qualify_framework_label')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {frameworks.map((framework) => (
          <option key={framework.id} value={framework.id}>
            {framework.id === defaultId ? t('qualify_framework_default', { name: framework.name }) : framework.name}
          </option>
        ))}
      </select>
    </div>
  );
}

const toneOf = (score: number) => (score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor');

function ScoreBadge({ t, score, framework }: { t: Translate; score: number; framework: string }) {
  return (
    <div className={`score score--${toneOf(score)} qq__score`} role="img" aria-label={t('qualify_score_aria', { framework, score })}>
      <span className="score__value">{score}</span>
      <span className="score__label">{t('popup_qualification_score')}</span>
    </div>
  );
}

function SaveIndicator({ t, status, onRetry }: { t: Translate; status: SaveStatus; onRetry(): void }) {
  const text =
    status.state === 'saving' ? t('qualify_saving') : status.state === 'saved' ? t('qualify_saved') : status.state === 'failed' ? t('qualify_save_failed', { error: status.error }) : t('qualify_autosave');
  return (
    <p className={`qq__save qq__save--${status.state}`} role="status">
      <span>{text}</span>
      {status.state === 'failed' && (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('qualify_retry')}
        </button>
      )}
    </p>
  );
}

/** What the deal's stage requires and what is still missing; every stage's readiness when the stage is not known. */
function StageRequirements({ t, lang, context, stage }: { t: Translate; lang: UiLanguage; context: QualificationContext; stage: DealStage }) {
  const ladder = stageLadder(context);
  const labels = (ids: string[]) => criteriaLabels(context, ids, lang).join(', ');
  let summary: string;
  let tone: 'good' | 'poor' | 'muted';
  if (stage.kind === 'closed') {
    summary = t('qualify_stage_closed', { stage: stage.label });
    tone = 'muted';
  } else if (stage.kind === 'open') {
    const step = ladder.find((candidate) => candidate.stage === stage.stage)!;
    if (!step.required.length) {
      summary = t('qualify_stage_none_required', { stage: stage.label });
      tone = 'good';
    } else if (step.missing.length) {
      summary = t('qualify_stage_missing', { stage: stage.label, criteria: labels(step.missing) });
      tone = 'poor';
    } else {
      summary = t('qualify_stage_met', { stage: stage.label });
      tone = 'good';
    }
  } else {
    summary = stage.label ? t('qualify_stage_unmapped', { stage: stage.label }) : t('qualify_stage_unknown');
    tone = 'muted';
  }
  const currentStage = stage.kind === 'open' ? stage.stage : null;
  return (
    <section className="section qq__stage" aria-label={t('qualify_stage_heading')}>
      <p className={`qq__stage-summary qq__stage-summary--${tone}`}>{summary}</p>
      <ol className="ladder" aria-label={t('qualify_ladder_label')}>
        {ladder.map((step) => {
          const met = step.missing.length === 0;
          const isCurrent = step.stage === currentStage;
          const stageName = t(`qualify_stage_${step.stage}`);
          const state = met ? t('qualify_ladder_met') : t('qualify_ladder_missing', { count: step.missing.length });
          return (
            <li
              key={step.stage}
              className={`ladder__step ladder__step--${met ? 'met' : 'missing'}${isCurrent ? ' ladder__step--current' : ''}`}
              title={met ? undefined : labels(step.missing)}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span className="ladder__name">{stageName}</span>
              <span className="ladder__state">{state}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The deal's qualification findings as the background judged them after the latest save. */
function QualificationFindings({ t, verdict }: { t: Translate; verdict: Verdict | null }) {
  if (!verdict) return null;
  // Qualification gaps are what the stage summary above already says, criterion by criterion.
  const findings = verdict.findings.filter((finding) => finding.ruleId !== 'qualification-gaps' && rulesById.get(finding.ruleId)?.meta.category === 'qualification');
  if (!findings.length) return null;
  return (
    <section className="qq__findings" aria-label={t('qualify_findings_heading')}>
      <ul className="plain-list">
        {findings.map((finding, index) => (
          <li key={`${finding.ruleId}-${index}`} className={`qq__finding qq__finding--${finding.severity}`}>
            <span className="visually-hidden">{t(`severity_${finding.severity}`)}: </span>
            {findingText(t, finding)}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface CriterionRowProps {
  t: Translate;
  lang: UiLanguage;
  criterion: Criterion;
  index: number;
  count: number;
  isCurrent: boolean;
  evidence: CriterionEvidence | undefined;
  repAnswer: { answer: Answer; note: string } | null;
  requiredNow: boolean;
  missingNow: boolean;
  viaLabel(id: string): string;
  headRef(element: HTMLButtonElement | null): void;
  noteRef(element: HTMLTextAreaElement | null): void;
  onSelect(): void;
  onMove(to: number): void;
  onLeaveNote(): void;
  onAnswer(answer: Answer): void;
  onClear(): void;
  onNote(note: string): void;
}

function CriterionRow(props: CriterionRowProps) {
  const { t, lang, criterion, index, count, isCurrent, evidence, repAnswer, requiredNow, missingNow } = props;
  const id = useId();
  const label = criterionLabel(criterion, lang);
  const answered = repAnswer !== null;
  // Evidence that counts until the rep answers: the CRM's field, or an answer given for an equivalent criterion.
  const other = !answered && evidence && evidence.source !== 'none' ? evidence : null;

  const onNoteKey = (event: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onLeaveNote();
    }
  };

  return (
    <li className={`criterion criterion--${repAnswer?.answer ?? 'none'}${isCurrent ? ' criterion--current' : ''}`} onFocus={isCurrent ? undefined : props.onSelect}>
      <div className="criterion__head">
        <button
          type="button"
          ref={props.headRef}
          className="criterion__title"
          data-qq-keys="all"
          aria-expanded={isCurrent}
          aria-controls={`${id}-details`}
          onClick={props.onSelect}
        >
          <span className="criterion__index" aria-hidden="true">
            {index + 1}
          </span>
          <span className="criterion__label" id={`${id}-label`}>
            {label}
          </span>
          <span className="visually-hidden">{t('qualify_criterion_position', { index: index + 1, count })}</span>
          {requiredNow && <span className={`tag ${missingNow ? 'tag--missing' : 'tag--met'}`}>{t('qualify_required_now')}</span>}
          {other && <span className="tag tag--muted">{t(other.source === 'crm' && !other.via ? 'qualify_tag_crm' : 'qualify_tag_via', { answer: t(`answer_${other.answer}`) })}</span>}
        </button>
        <div className="answers" role="radiogroup" aria-labelledby={`${id}-label`}>
          {ANSWERS.map((answer, answerIndex) => (
            <label key={answer} className={`answer answer--${answer}`}>
              <input
                type="radio"
                name={`${id}-answer`}
                value={answer}
                checked={repAnswer?.answer === answer}
                onChange={() => {
                  props.onAnswer(answer);
                  props.onSelect();
                }}
                aria-keyshortcuts={String(answerIndex + 1)}
              />
              <span>{t(`answer_${answer}`)}</span>
            </label>
          ))}
        </div>
      </div>
      <div id={`${id}-details`} className="criterion__details" hidden={!isCurrent}>
        {isCurrent && (
          <>
            <p className="criterion__ask">{t('qualify_questions_heading')}</p>
            <ul className="questions">
              {criterion.questions[lang].map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ul>
            <p className="criterion__evidence">
              <strong>{t('qualify_evidence_label')}</strong> {criterion.evidence[lang]}
            </p>
            {other && (
              <p className="criterion__crm">
                {other.via
                  ? t('qualify_via_evidence', { criterion: props.viaLabel(other.via), answer: t(`answer_${other.answer}`) })
                  : t('qualify_crm_evidence', { text: other.text, answer: t(`answer_${other.answer}`) })}
              </p>
            )}
            <label className="criterion__note-label" htmlFor={`${id}-note`}>
              {t('qualify_note_label')}
            </label>
            <textarea
              id={`${id}-note`}
              ref={props.noteRef}
              className="criterion__note"
              rows={2}
              maxLength={2000}
              disabled={!answered}
              placeholder={answered ? t('qualify_note_placeholder') : t('qualify_note_disabled')}
              value={repAnswer?.note ?? ''}
              onChange={(event) => props.onNote(event.target.value)}
              onKeyDown={onNoteKey}
            />
            <div className="criterion__nav">
              <button type="button" onClick={() => props.onMove(index - 1)} disabled={index === 0} aria-keyshortcuts="K">
                {t('qualify_previous')}
              </button>
              {answered && (
                <button type="button" className="link-button" onClick={props.onClear} aria-keyshortcuts="X">
                  {t('qualify_clear_answer')}
                </button>
              )}
              <button type="button" onClick={() => props.onMove(index + 1)} disabled={index === count - 1} aria-keyshortcuts="J">
                {t('qualify_next')}
              </button>
            </div>
          </>
        )}
      </div>
    </li>
  );
}

/** An input's text → a whole number 0–max, or null for blank; undefined when invalid. */
function parseCount(text: string, max: number, whole: boolean): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0 || value > max || (whole && !Number.isInteger(value))) return undefined;
  return value;
}

function EffortAndManagement({
  t,
  record,
  onEffort,
  onManagement,
}: {
  t: Translate;
  record: QualificationRecord;
  onEffort(effort: QualificationRecord['effort']): void;
  onManagement(met: boolean | null): void;
}) {
  const id = useId();
  // What the rep typed, kept as text: "1," on the way to "1,5" is not a number yet.
  const [people, setPeople] = useState(record.effort ? String(record.effort.people) : '');
  const [hours, setHours] = useState(record.effort ? String(record.effort.hours) : '');
  const peopleValue = parseCount(people, 1000, true);
  const hoursValue = parseCount(hours, 100_000, false);

  const change = (nextPeople: string, nextHours: string) => {
    const p = parseCount(nextPeople, 1000, true);
    const h = parseCount(nextHours, 100_000, false);
    if (p === undefined || h === undefined) return; // shown as invalid; the stored effort stays
    onEffort(p === null && h === null ? null : { people: p ?? 0, hours: h ?? 0 });
  };

  const managementValue = record.managementMet === null ? 'unset' : record.managementMet ? 'yes' : 'no';
  const options: { value: 'yes' | 'no' | 'unset'; label: string; met: boolean | null }[] = [
    { value: 'yes', label: t('answer_yes'), met: true },
    { value: 'no', label: t('answer_no'), met: false },
    { value: 'unset', label: t('qualify_not_recorded'), met: null },
  ];

  return (
    <section className="section qq__effort" aria-labelledby={`${id}-effort`}>
      <h3 id={`${id}-effort`}>{t('qualify_effort_heading')}</h3>
      <div className="qq__effort-fields">
        <div className="field">
          <label htmlFor={`${id}-people`}>{t('qualify_effort_people')}</label>
          <input
            id={`${id}-people`}
            inputMode="numeric"
            value={people}
            aria-invalid={peopleValue === undefined}
            aria-describedby={peopleValue === undefined ? `${id}-people-error` : undefined}
            onChange={(event) => {
              setPeople(event.target.value);
              change(event.target.value, hours);
            }}
          />
          {peopleValue === undefined && (
            <span className="field__error" id={`${id}-people-error`}>
              {t('qualify_effort_invalid_people')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-hours`}>{t('qualify_effort_hours')}</label>
          <input
            id={`${id}-hours`}
            inputMode="decimal"
            value={hours}
            aria-invalid={hoursValue === undefined}
            aria-describedby={hoursValue === undefined ? `${id}-hours-error` : undefined}
            onChange={(event) => {
              setHours(event.target.value);
              change(people, event.target.value);
            }}
          />
          {hoursValue === undefined && (
            <span className="field__error" id={`${id}-hours-error`}>
              {t('qualify_effort_invalid_hours')}
            </span>
          )}
        </div>
      </div>
      <div className="qq__management" role="radiogroup" aria-labelledby={`${id}-management`}>
        <span id={`${id}-management`} className="qq__management-label">
          {t('qualify_management_heading')}
        </span>
        <div className="answers answers--three">
          {options.map((option) => (
            <label key={option.value} className={`answer answer--${option.value === 'unset' ? 'unknown' : option.value}`}>
              <input type="radio" name={`${id}-management`} value={option.value} checked={managementValue === option.value} onChange={() => onManagement(option.met)} />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </div>
    </section>
  );
}

function CopyNote({ t, build, source }: { t: Translate; build(): string; source: QualifySource }) {
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const id = useId();
  const onCopy = () => {
    const text = build();
    source.copyText(text).then(
      () => setCopy({ state: 'copied' }),
      (error: unknown) => setCopy({ state: 'failed', error: error instanceof Error ? error.message : String(error), text }),
    );
  };
  return (
    <section className="section qq__copy">
      <button type="button" className="button button--primary" onClick={onCopy}>
        {t('qualify_copy_note')}
      </button>
      <p className="qq__copy-status" role="status">
        {copy.state === 'copied' ? t('qualify_copied') : ''}
      </p>
      {copy.state === 'failed' && (
        <div className="qq__copy-failed" role="alert">
          <label htmlFor={`${id}-text`}>{t('qualify_copy_failed', { error: copy.error })}</label>
          <textarea id={`${id}-text`} readOnly rows={8} value={copy.text} onFocus={(event) => event.currentTarget.select()} />
        </div>
      )}
    </section>
  );
}

function KeyLegend({ t }: { t: Translate }) {
  return (
    <details className="section qq__keys">
      <summary>{t('qualify_keys_heading')}</summary>
      <dl>
        <dt>
          <kbd>1</kbd>–<kbd>4</kbd> · <kbd>Y</kbd> <kbd>P</kbd> <kbd>N</kbd> <kbd>U</kbd>
        </dt>
        <dd>{t('qualify_keys_answer')}</dd>
        <dt>
          <kbd>J</kbd> <kbd>K</kbd> · <kbd>↓</kbd> <kbd>↑</kbd>
        </dt>
        <dd>{t('qualify_keys_move')}</dd>
        <dt>
          <kbd>Enter</kbd> · <kbd>Esc</kbd>
        </dt>
        <dd>{t('qualify_keys_note')}</dd>
        <dt>
          <kbd>X</kbd>
        </dt>
        <dd>{t('qualify_keys_clear')}</dd>
        <dt>
          <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>Q</kbd>
        </dt>
        <dd>{t('qualify_keys_command')}</dd>
      </dl>
    </details>
  );
}
