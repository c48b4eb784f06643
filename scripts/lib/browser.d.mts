import type { BrowserContext, Worker } from 'playwright-core';
export function browserPath(): string;
export function launchWithExtension(options: {
  extensionDir: string;
  port: number;
  hosts?: string[];
  headless?: boolean;
  viewport?: { width: number; height: number };
  language?: string;
}): Promise<{ context: BrowserContext; extensionId: string; worker(): Worker; close(): Promise<void> }>;
export function launchWithoutExtension(options: {
  port: number;
  hosts?: string[];
  headless?: boolean;
  viewport?: { width: number; height: number };
  language?: string;
}): Promise<{ context: BrowserContext; userDataDir: string; close(): Promise<void> }>;
