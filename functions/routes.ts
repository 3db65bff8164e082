/**
 * Every public API path and the handler file (under functions/api/) that
 * serves it. The local server routes with this table, and `vercel.json`'s
 * rewrites are generated from it (`npm run vercel:config`; a test keeps them
 * in sync). Path parameters reach the handler as query parameters, as
 * Vercel's rewrites deliver them.
 */
export interface TRoute {
  path: string;
  handler: string;
}

export const ROUTES: readonly TRoute[] = [
  { path: '/api/health', handler: 'health' },
  { path: '/api/auth/login', handler: 'auth/login' },
  { path: '/api/auth/clerk-login', handler: 'auth/clerk-login' },
  { path: '/api/me', handler: 'me/index' },
  { path: '/api/me/records', handler: 'me/records' },
  { path: '/api/me/messages', handler: 'me/messages' },
  { path: '/api/me/messages/read', handler: 'me/messages-read' },
  { path: '/api/enterprise/bind', handler: 'enterprise/bind' },
  { path: '/api/enterprise/profile', handler: 'enterprise/profile' },
  { path: '/api/enterprise/members/:member/revoke', handler: 'enterprise/revoke-member' },
  { path: '/api/employee/verify/start', handler: 'employee/verify-start' },
  { path: '/api/employee/verify/finish', handler: 'employee/verify-finish' },
  { path: '/api/autofill/enterprise', handler: 'autofill/enterprise' },
  { path: '/api/autofill/person', handler: 'autofill/person' },
  { path: '/api/applications', handler: 'applications/index' },
  { path: '/api/applications/:id', handler: 'applications/one' },
  { path: '/api/applications/:id/items/:code/correction', handler: 'applications/correction' },
  { path: '/api/applications/:id/contract', handler: 'applications/contract' },
  { path: '/api/applications/:id/rating', handler: 'applications/rating' },
  { path: '/api/clerk/queues', handler: 'clerk/queues' },
  { path: '/api/clerk/overdue', handler: 'clerk/overdue' },
  { path: '/api/clerk/stats', handler: 'clerk/stats' },
  { path: '/api/clerk/ratings', handler: 'clerk/ratings' },
  { path: '/api/clerk/ratings/:id/follow-up', handler: 'clerk/rating-follow-up' },
  { path: '/api/archives/enterprise', handler: 'archives/enterprise' },
  { path: '/api/me/archive', handler: 'me/archive' },
  { path: '/api/me/export', handler: 'me/export' },
  { path: '/api/contracts/preview', handler: 'contracts/preview' },
  { path: '/api/materials/consent', handler: 'materials/consent' },
  { path: '/api/materials', handler: 'materials/index' },
  { path: '/api/materials/:id', handler: 'materials/one' },
  { path: '/api/notifications/subscriptions', handler: 'notifications/subscriptions' },
  { path: '/api/queue/items', handler: 'queue/items' },
  { path: '/api/queue/notify', handler: 'queue/notify' },
  { path: '/api/me/card', handler: 'me/card' },
  { path: '/api/me/card/qr', handler: 'me/card-qr' },
  { path: '/api/me/card/reveal/start', handler: 'me/card-reveal-start' },
  { path: '/api/me/card/reveal', handler: 'me/card-reveal' },
  { path: '/api/card/verify', handler: 'card/verify' },
  { path: '/api/queue/licences', handler: 'queue/licences' },
  { path: '/api/queue/ledger', handler: 'queue/ledger' },
  { path: '/api/queue/theme-export', handler: 'queue/theme-export' },
  { path: '/api/cron/theme-export', handler: 'cron/theme-export' },
  { path: '/api/queue/retention', handler: 'queue/retention' },
  { path: '/api/cron/retention', handler: 'cron/retention' },
  { path: '/api/ledger/checkpoint', handler: 'ledger/checkpoint' },
  { path: '/api/ledger/checkpoint/tick', handler: 'ledger/checkpoint-tick' },
  { path: '/api/ledger/proof', handler: 'ledger/proof' },
  { path: '/api/ledger/consistency', handler: 'ledger/consistency' },
];

export interface TRouteMatch {
  route: TRoute;
  params: Record<string, string>;
}

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const regex = new RegExp(
    '^' +
      route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      }) +
      '/?$',
  );
  return { route, regex, names };
});

export function matchRoute(pathname: string): TRouteMatch | undefined {
  for (const { route, regex, names } of compiled) {
    const m = regex.exec(pathname);
    if (m) {
      try {
        return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
      } catch {
        return undefined; // a malformed %-escape matches nothing
      }
    }
  }
  return undefined;
}

/** vercel.json's rewrites for these routes. */
export function vercelRewrites(): { source: string; destination: string }[] {
  return ROUTES.map((r) => ({ source: r.path, destination: `/functions/api/${r.handler}` }));
}
