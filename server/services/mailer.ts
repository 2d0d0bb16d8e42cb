/** Kept for existing imports: the providers live in services/mail/. */
export * from './mail/index.ts';
