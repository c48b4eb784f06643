import { useEffect, useState } from 'react';
import type { Translate } from '../../../i18n/translate';
import { PRECISE_CRMS, type PreciseCrm } from '../../../precise/common';
import { PRECISE_CRM_NAMES as CRM_NAMES } from '../../../precise/status';
import type { PreciseCrmStates, PreciseSource } from './source';
import './precise.css';

type Notice = { crm: PreciseCrm; text: string } | null;

/**
 * Options page, "Precise mode" (#7): per CRM a switch, with a plain account of exactly what is read and which
 * permission the browser will ask for. Turning one on asks for the permission in the click itself.
 */
export function PreciseSection({ t, source }: { t: Translate; locale: string; source: PreciseSource }) {
  const [states, setStates] = useState<PreciseCrmStates | null>(null);
  const [busy, setBusy] = useState<PreciseCrm | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    source.load().then(
      (loaded) => live && setStates(loaded),
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [source]);

  const toggle = (crm: PreciseCrm, enabled: boolean) => {
    setNotice(null);
    // Asked before any await: the browser shows its prompt only during the click.
    const granted = enabled ? source.requestPermission(crm) : Promise.resolve(true);
    setBusy(crm);
    void (async () => {
      try {
        if (!(await granted)) {
          setNotice({ crm, text: t('options_precise_denied', { crm: CRM_NAMES[crm] }) });
          return;
        }
        await source.setMode(crm, enabled);
        setStates((current) => (current ? { ...current, [crm]: { enabled, granted: enabled ? true : current[crm].granted } } : current));
      } catch (error) {
        setNotice({ crm, text: t('options_precise_failed', { error: error instanceof Error ? error.message : String(error) }) });
      } finally {
        setBusy(null);
      }
    })();
  };

  return (
    <section id="precise" className="options-section" aria-labelledby="precise-title">
      <h2 id="precise-title">{t('options_precise_title')}</h2>
      <p className="section__intro">{t('options_precise_intro')}</p>
      <p className="section__intro">{t('options_precise_common')}</p>
      {loadError !== null ? (
        <p role="alert" className="field__error">
          {t('options_precise_failed', { error: loadError })}
        </p>
      ) : states === null ? (
        <p className="muted">{t('options_precise_loading')}</p>
      ) : (
        <ul className="precise-list">
          {PRECISE_CRMS.map((crm) => {
            const state = states[crm];
            const id = `precise-${crm}`;
            return (
              <li key={crm} className="precise-crm" data-crm={crm}>
                <div className="precise-crm__head">
                  <input
                    id={id}
                    type="checkbox"
                    role="switch"
                    className="switch"
                    checked={state.enabled}
                    disabled={busy === crm}
                    aria-describedby={`${id}-what`}
                    aria-label={t('options_precise_switch', { crm: CRM_NAMES[crm] })}
                    onChange={(event) => toggle(crm, event.currentTarget.checked)}
                  />
                  <label htmlFor={id} className="precise-crm__name">
                    {CRM_NAMES[crm]}
                  </label>
                  <span className="muted">{state.enabled ? t('options_precise_on') : t('options_precise_off')}</span>
                </div>
                <p id={`${id}-what`} className="precise-crm__what">
                  {t(`options_precise_what_${crm}`)}
                </p>
                {state.enabled && !state.granted ? (
                  <p role="status" className="field__error">
                    {t('options_precise_permission_lost')}
                  </p>
                ) : null}
                {notice?.crm === crm ? (
                  <p role="status" className="field__error">
                    {notice.text}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
