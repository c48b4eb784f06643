import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { OptionsPage } from '../../src/ui/options/OptionsPage';
import { createOptionsSource } from '../../src/ui/options/source';
import { browserTimeZone, supportedTimeZones } from '../../src/ui/options/time-zones';
import { currencyForLocale } from '../../src/ui/options/quotas';
import { t, uiLocale } from '../../src/i18n/browser';
import { PrivacySection } from '../../src/ui/options/privacy/PrivacySection';
import { PreciseSection } from '../../src/ui/options/precise/PreciseSection';
import { createPreciseSource } from '../../src/ui/options/precise/source';
import { createPrivacySource } from '../../src/ui/options/privacy/source';
import { OtherCrmSection } from '../../src/ui/options/other-crm/OtherCrmSection';
import { createOtherCrmSource } from '../../src/ui/options/other-crm/source';
import '../../src/ui/options/options.css';

// zod's package says it has no side effects, so the bundle drops zod's own `config(en())` and every message would be
// "Invalid input": rule-pack and settings errors need the full wording ("expected number, received string").
z.config(z.locales.en());

const locale = uiLocale();
document.documentElement.lang = locale;
document.title = t('options_page_title');
const source = createOptionsSource(browser);
const privacySource = createPrivacySource(browser);
const otherCrmSource = createOtherCrmSource(browser);
const preciseSource = createPreciseSource(browser);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OptionsPage
      t={t}
      locale={locale}
      source={source}
      now={() => new Date()}
      timeZones={supportedTimeZones()}
      browserTimeZone={browserTimeZone()}
      defaultCurrency={currencyForLocale(locale)}
      otherCrm={<OtherCrmSection t={t} locale={locale} source={otherCrmSource} />}
      precise={<PreciseSection t={t} locale={locale} source={preciseSource} />}
      privacy={<PrivacySection t={t} locale={locale} source={privacySource} />}
    />
  </StrictMode>,
);
