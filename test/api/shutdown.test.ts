/**
 * SIGTERM drains: the real server process, a request whose body is still arriving when the signal
 * comes, and the request still completes with its normal answer before the process exits 0.
 */
import { expect, test } from 'bun:test';
import { freePort } from '../e2e/support.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

test('SIGTERM lets a slow upload in flight finish, refuses new connections, then exits 0', async () => {
  const port = await freePort();
  const child = Bun.spawn([process.execPath, 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: '', KERBSIDE_DATA_DIR: 'memory://', KERBSIDE_DEMO: 'off', KERBSIDE_LOG: 'info', KERBSIDE_RATE_LIMIT: '0' },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let output = '';
  const drain = async (s: ReadableStream<Uint8Array>) => { for await (const c of s) output += new TextDecoder().decode(c); };
  void drain(child.stdout);
  void drain(child.stderr);
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 300; i++) {
      if ((await fetch(`${base}/health`).catch(() => undefined))?.ok) break;
      await Bun.sleep(100);
    }
    // A sign-in whose JSON body trickles in over ~2 s (a slow phone upload).
    const body = JSON.stringify({ email: 'nobody@example.org', password: 'not the password', pad: 'x'.repeat(2000) });
    const parts = body.match(/[\s\S]{1,200}/g)!;
    let sentFirst!: () => void;
    const firstSent = new Promise<void>((r) => (sentFirst = r));
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const [i, part] of parts.entries()) {
          controller.enqueue(new TextEncoder().encode(part));
          if (i === 0) sentFirst();
          await Bun.sleep(200);
        }
        controller.close();
      },
    });
    const started = performance.now();
    const inFlight = fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await firstSent;
    await Bun.sleep(300);
    child.kill('SIGTERM');
    const res = await inFlight;
    // The normal answer to wrong credentials, after the whole body arrived (not a cut connection).
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_credentials');
    expect(performance.now() - started).toBeGreaterThan(1500);
    expect(await child.exited).toBe(0);
    expect(output).toContain('"msg":"shutting down"');
    expect(output).toContain('"msg":"stopped"');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 60_000);
