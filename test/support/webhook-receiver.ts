/**
 * A council system receiving webhooks: a real HTTP server on 127.0.0.1 that keeps every request it
 * gets and answers with the statuses queued in `statuses` (then 200). A 3xx answer redirects to
 * `/elsewhere` on itself (deliveries must not follow it).
 */
export interface Received {
  headers: Record<string, string>;
  body: string;
}

export function webhookReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  let port = 0;
  const server: ReturnType<typeof Bun.serve> = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req): Promise<Response> {
      received.push({ headers: Object.fromEntries(req.headers), body: await req.text() });
      const status = statuses.shift() ?? 200;
      return status >= 300 && status < 400
        ? new Response(null, { status, headers: { location: `http://127.0.0.1:${port}/elsewhere` } })
        : new Response('ok', { status });
    },
  });
  port = server.port!;
  return { received, statuses, url: `http://127.0.0.1:${port}/hook`, stop: () => server.stop(true) };
}
