import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { ReviewPage } from '../../src/ui/review/ReviewPage';
import { reviewSource } from '../../src/ui/review/source';
import { t, uiLocale } from '../../src/i18n/browser';
import '../../src/ui/review/review.css';

document.documentElement.lang = uiLocale();
document.title = t('review_page_title');
const source = reviewSource(browser);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReviewPage t={t} locale={uiLocale()} source={source} now={() => new Date()} />
  </StrictMode>,
);
