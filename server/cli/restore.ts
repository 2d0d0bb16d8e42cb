/** `npm run kerbside -- restore FILE [--force]`: see backup.ts. */
export { restoreCommand as default } from './backup.ts';
