import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Popup } from '../../src/ui/popup/Popup';
import { t, uiLocale } from '../../src/i18n/browser';
import { popupStateSource } from '../../src/ui/popup/source';
import '../../src/ui/popup/popup.css';

document.documentElement.lang = uiLocale();
document.title = t('popup_title');
const source = popupStateSource(browser, new URLSearchParams(location.search));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup t={t} locale={uiLocale()} loadState={source.loadState} subscribe={source.subscribe} actions={source.actions} />
  </StrictMode>,
);
