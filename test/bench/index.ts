/**
 * `npm run bench` runs every benchmark module in order; `npm run bench -- schedule` runs the ones
 * whose name matches. A benchmark, not a test: it prints figures and ratios and asserts nothing.
 * Later modules (calendars, crew ingest…) add themselves to `modules` below.
 */
import type { BenchModule } from './harness.ts';
import { setLogLevel } from '../../server/ops/log.ts';
import { scheduleBench } from './schedule.bench.ts';
import { calendarsBench } from './calendars.bench.ts';
import { crewIngestBench } from './crew-ingest.bench.ts';
import { lookupBench } from './lookup.bench.ts';
import { mapBench } from './map.bench.ts';
import { scaleBench } from './scale.bench.ts';
import { pagesBench } from './pages.bench.tsx';
import { slotsBench } from './slots.bench.ts';
import { remindersBench } from './reminders.bench.ts';

// Request log lines would flood the figures (and cost the benches time): off unless asked for. Set
// after the imports (the logger reads its level once), and in the environment for spawned servers.
process.env.KERBSIDE_LOG ??= 'off';
setLogLevel(process.env.KERBSIDE_LOG === 'info' ? 'info' : 'off');

const modules: BenchModule[] = [scheduleBench, calendarsBench, crewIngestBench, lookupBench, mapBench, pagesBench, slotsBench, scaleBench, remindersBench];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const picked = wanted.length === 0 ? modules : modules.filter((m) => wanted.some((w) => m.name.includes(w)));
if (picked.length === 0) {
  console.error(`No benchmark called ${wanted.join(', ')}. Available: ${modules.map((m) => m.name).join(', ')}`);
  process.exit(2);
}

console.log(`Kerbside benchmarks — ${new Date().toISOString()} — Bun ${Bun.version}, ${process.platform}/${process.arch}`);
for (const m of picked) {
  console.log(`\n== ${m.name} ==`);
  await m.run();
}
