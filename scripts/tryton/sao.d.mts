import type { Page } from 'playwright-core';
export const ACTIVE_FORM: string;
export function logIn(page: Page, server: { url: string; database: string }, login: { user: string; password: string }): Promise<void>;
export function openRecord(page: Page, url: string): Promise<void>;
export function waitForForm(page: Page, timeout?: number): Promise<void>;
