//! Starts a real `convot` server (seeded, on a free port, in a throwaway dir): the one the browser tests share,
//! and any extra installation a test needs (the CSV round trip imports into a second one).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const STARTUP_TIMEOUT_MS = 60_000;

function serverEnv(workDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: `sqlite://${path.join(workDir, 'e2e.db')}?mode=rwc`,
    CONVOT_ADDR: '127.0.0.1:0',
    CONVOT_STATIC_DIR: path.join(frontendDir, 'dist'),
    CONVOT_LOG: 'warn',
    // The webhooks test's receiver is a plain-http server on 127.0.0.1, which the API refuses otherwise.
    CONVOT_WEBHOOKS_ALLOW_PRIVATE: '1',
  };
}

function runToCompletion(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`convot ${args.join(' ')}\` exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** Spawns `convot serve` and resolves with its base URL once it logs "listening on http://…". */
function startServer(bin: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; baseUrl: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`\`convot serve\` did not report "listening on http://127.0.0.1:PORT" within ${STARTUP_TIMEOUT_MS / 1000}s:\n${log}`)),
      STARTUP_TIMEOUT_MS,
    );

    createInterface({ input: child.stdout }).on('line', (line) => {
      if (process.env.E2E_SERVER_LOG) console.log(`[convot] ${line}`);
      log += `${line}\n`;
      const match = LISTENING.exec(line);
      if (match?.[1] && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1] });
      }
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      // Keep showing server errors for the whole run: they explain failing tests.
      if (settled || process.env.E2E_SERVER_LOG) console.error(`[convot] ${line}`);
      log += `${line}\n`;
    });
    child.on('error', (error) => fail(error));
    child.on('exit', (code, signal) => fail(new Error(`\`convot serve\` exited early with ${code ?? signal}:\n${log}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export type SeededServer = { baseUrl: string; stop: () => Promise<void> };

/** `convot seed` then `convot serve` on a fresh SQLite file; `stop` ends the server and removes its files. */
export async function startSeededServer(): Promise<SeededServer> {
  const bin = path.resolve(frontendDir, process.env.CONVOT_BIN ?? '../target/debug/convot');
  if (!existsSync(bin)) {
    throw new Error(
      `The convot server binary was not found at ${bin}.\n` +
        'Build it with `cargo build -p api` (from the repository root), or point CONVOT_BIN at it.',
    );
  }
  if (!existsSync(path.join(frontendDir, 'dist', 'index.html'))) {
    throw new Error('frontend/dist/index.html is missing: run `npm run build` first (`npm run test:e2e` does).');
  }

  const workDir = await mkdtemp(path.join(tmpdir(), 'convot-e2e-'));
  const env = serverEnv(workDir);
  try {
    await runToCompletion(bin, ['seed'], workDir, env);
    const { child, baseUrl } = await startServer(bin, workDir, env);
    return {
      baseUrl,
      stop: async () => {
        await stop(child);
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
