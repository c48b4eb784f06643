import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { SidePanel } from '../../src/ui/qualify/SidePanel';
import { t, uiLocale } from '../../src/i18n/browser';
import { qualifySource } from '../../src/ui/qualify/source';
import '../../src/ui/popup/popup.css';
import '../../src/ui/qualify/qualify.css';
import { z } from 'zod';

// zod is side-effect free, so the bundler drops its default English messages: without this, errors read "Invalid input".
z.config(z.locales.en());

document.documentElement.lang = uiLocale();
document.title = t('qualify_title');
const source = qualifySource(browser, new URLSearchParams(location.search), { follow: true });
const openReview = () => void browser.tabs.create({ url: (browser.runtime.getURL as (path: string) => string)('/review.html') });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidePanel t={t} locale={uiLocale()} source={source} openReview={openReview} />
  </StrictMode>,
);
