/**
 * The crew app's booked-job words (a bulky collection, a container delivery) come from the crew
 * catalogue in the shell's language, Welsh included, and none are left in the client code.
 */
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { crewMessages } from '../../server/routes/crew/shell.tsx';

describe('crew job words', () => {
  test('the shell carries them in English and Welsh', () => {
    const en = JSON.parse(crewMessages({ lang: 'en', chosen: true, offered: ['en', 'cy'] } as any)).messages;
    const cy = JSON.parse(crewMessages({ lang: 'cy', chosen: true, offered: ['en', 'cy'] } as any)).messages;
    expect([en['crew.job.bulky'], en['crew.job.delivery'], en['crew.job.where']]).toEqual(['Bulky collection {reference}', 'Delivery {reference}', 'Where: {location}']);
    expect([cy['crew.job.bulky'], cy['crew.job.delivery'], cy['crew.job.where']]).toEqual(['Casgliad swmpus {reference}', 'Danfon {reference}', 'Ble: {location}']);
  });

  test('the client has no English job words of its own', () => {
    const app = readFileSync(new URL('../../web/client/crew/app.ts', import.meta.url), 'utf8');
    expect(app).not.toContain('Bulky collection');
    expect(app).not.toContain('`Where: ');
    expect(app).toContain("t('crew.job.where'");
  });
});
