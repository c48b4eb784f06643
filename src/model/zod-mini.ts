import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini for the content script: the same zod 4 core as the classic API used everywhere else, but functions
 * instead of methods, so a bundle keeps only what it uses (the classic API builds every schema method into every
 * schema and cannot be tree-shaken; issue #6 keeps the content script small).
 *
 * zod/mini loads no locale, so its messages would all be "Invalid input". The English one (what zod classic
 * configures when it loads, 2 KB) keeps content-side errors as clear as the background's and word for word equal.
 */
z.config(en());

export { z };
