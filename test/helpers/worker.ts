import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

/** A Strapi instance in a child process, sharing the test app's database (see strapi-worker.js). */
export type StrapiWorker = {
  child: ChildProcess;
  tick: (now: Date) => Promise<any>;
  /** Stops it gracefully. */
  stop: () => Promise<void>;
};

export const startWorker = async (env: Record<string, string>): Promise<StrapiWorker> => {
  const child = fork(path.join(__dirname, 'strapi-worker.js'), [], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<
    number,
    { resolve: (value: any) => void; reject: (error: Error) => void }
  >();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the worker exited with ${code} before it was ready`))
    );
    child.on('message', (message: any) => {
      if (message.ready) return resolve();
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('the worker exited'));
    pending.clear();
  });
  return {
    child,
    tick: (now) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        child.send({ id, now: now.toISOString() });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  };
};
