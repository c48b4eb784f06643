import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { ReviewPage } from '../../src/ui/review/ReviewPage';
import { reviewSource } from '../../src/ui/review/source';
import { t, uiLocale } from '../../src/i18n/browser';
import '../../src/ui/review/review.css';
import { z } from 'zod';

// zod is side-effect free, so the bundler drops its default English messages: without this, errors read "Invalid input".
z.config(z.locales.en());

document.documentElement.lang = uiLocale();
document.title = t('review_page_title');
const source = reviewSource(browser);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReviewPage t={t} locale={uiLocale()} source={source} now={() => new Date()} />
  </StrictMode>,
);
