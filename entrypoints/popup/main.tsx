import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Popup } from '../../src/ui/popup/Popup';
import { t, uiLocale } from '../../src/i18n/browser';
import { popupStateSource } from '../../src/ui/popup/source';
import { qualifySource } from '../../src/ui/qualify/source';
import { popupQualify } from '../../src/ui/popup/qualify-actions';
import '../../src/ui/popup/popup.css';
import '../../src/ui/qualify/qualify.css';
import { z } from 'zod';

// zod is side-effect free, so the bundler drops its default English messages: without this, errors read "Invalid input".
z.config(z.locales.en());

document.documentElement.lang = uiLocale();
document.title = t('popup_title');
const params = new URLSearchParams(location.search);
const source = popupStateSource(browser, params);
const qualify = popupQualify(browser, qualifySource(browser, params, { follow: false }));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup t={t} locale={uiLocale()} loadState={source.loadState} subscribe={source.subscribe} actions={source.actions} qualify={qualify} />
  </StrictMode>,
);
