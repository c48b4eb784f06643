import type { Translate } from '../../../i18n/translate';
import { FIELD_NAMES, type FieldName } from '../../../model/deal';
import type { MappingTestResult } from '../../../messaging/custom-crm';
import { shownValue } from './format';
import type { OpenTab } from './source';

/** What "Test on this tab" read: each field as read, empty, or could not read (with the reason). */
export function TestResult({ t, locale, result, tab }: { t: Translate; locale: string; result: MappingTestResult; tab: OpenTab }) {
  switch (result.status) {
    case 'invalid':
      return (
        <div className="banner banner--error" role="alert">
          <p>
            <strong>{t('other_crm_errors', { count: result.errors.length })}</strong>
          </p>
          <ul>
            {result.errors.map((error) => (
              <li key={error}>
                <code>{error}</code>
              </li>
            ))}
          </ul>
        </div>
      );
    case 'not-matching':
      return <p className="field__error">{t('other_crm_test_not_matching', { url: result.url })}</p>;
    case 'no-record-id':
      return <p className="field__error">{t('other_crm_test_no_record_id', { url: result.url })}</p>;
    case 'no-access':
      return <p className="field__error">{t('other_crm_test_no_access', { url: result.url || tab.url })}</p>;
    case 'read': {
      const { fields } = result.snapshot;
      const counts = { value: 0, empty: 0, unknown: 0 };
      const shown = FIELD_NAMES.filter((field) => !(fields[field].state === 'unknown' && fields[field].code === 'not_supported'));
      for (const field of shown) counts[fields[field].state] += 1;
      return (
        <div className="crm-test__result">
          <p role="status">
            <strong>{t('other_crm_test_summary', { read: counts.value, empty: counts.empty, unknown: counts.unknown })}</strong>{' '}
            <span className="muted">{t('other_crm_test_record', { id: result.recordId })}</span>
          </p>
          {shown.length === 0 ? (
            <p className="muted">{t('other_crm_test_nothing_mapped')}</p>
          ) : (
            <div className="table-scroll">
              <table className="crm-read">
                <caption className="visually-hidden">{t('other_crm_test_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('other_crm_field')}</th>
                    <th scope="col">{t('other_crm_test_state')}</th>
                    <th scope="col">{t('other_crm_test_value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((field) => (
                    <FieldRow key={field} t={t} locale={locale} field={field} read={fields[field]} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      );
    }
  }
}

function FieldRow({ t, locale, field, read }: { t: Translate; locale: string; field: FieldName; read: MappingTestResultRead }) {
  return (
    <tr className={`crm-read__row crm-read__row--${read.state}`}>
      <th scope="row">{t(`field_${field}`)}</th>
      <td>
        <span className={`crm-read__state crm-read__state--${read.state}`}>
          {read.state === 'value' ? t('other_crm_state_read') : read.state === 'empty' ? t('other_crm_state_empty') : t('other_crm_state_unknown')}
        </span>
      </td>
      <td>
        {read.state === 'value' && (
          <>
            <span className="crm-read__value">{shownValue(t, locale, field, read)}</span>
            {read.raw && read.raw !== shownValue(t, locale, field, read) && <span className="crm-read__raw">{t('other_crm_raw', { raw: read.raw })}</span>}
          </>
        )}
        {read.state === 'empty' && <span className="muted">{t('other_crm_empty_detail')}</span>}
        {read.state === 'unknown' && (
          <>
            <span>{t(`unread_${read.code}`)}</span>
            <code className="crm-read__reason">{read.reason}</code>
          </>
        )}
      </td>
    </tr>
  );
}

type MappingTestResultRead = Extract<MappingTestResult, { status: 'read' }>['snapshot']['fields'][FieldName];
