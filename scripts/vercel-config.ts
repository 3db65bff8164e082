/**
 * `npm run vercel:config`: writes vercel.json from the route table
 * (functions/routes.ts), so `vercel deploy` serves the same paths as the
 * local server. A test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { vercelRewrites } from '../functions/routes';

export function vercelConfig() {
  return {
    $schema: 'https://openapi.vercel.sh/vercel.json',
    framework: null,
    buildCommand: 'npm run build:h5',
    outputDirectory: 'dist/h5',
    functions: { 'functions/api/**/*.ts': { maxDuration: 60 } },
    rewrites: [...vercelRewrites(), { source: '/((?!api/|functions/).*)', destination: '/index.html' }],
    headers: [{ source: '/api/(.*)', headers: [{ key: 'Cache-Control', value: 'no-store' }] }],
    // the theme-database export's safety net and backfill (Vercel sends Authorization: Bearer $CRON_SECRET)
    crons: [
      { path: '/api/cron/theme-export', schedule: '* * * * *' },
      { path: '/api/ledger/checkpoint/tick', schedule: '* * * * *' },
      // ID photos due for deletion (PIPL §47), behind the delayed `retention` queue message
      { path: '/api/cron/retention', schedule: '0 * * * *' },
    ],
  };
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'vercel.json');
  writeFileSync(file, JSON.stringify(vercelConfig(), null, 2) + '\n');
  console.log(`wrote ${file}`);
}
