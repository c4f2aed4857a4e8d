import { watch, type FSWatcher } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/**
 * Calls `upload` for every file in `dir` now and for every file that appears or changes there
 * later, once its size has stopped changing (an editor or `cp` may still be writing).
 * Keys are paths relative to `dir`, with `/` separators; dotfiles are skipped.
 */
export async function watchDirectory(
  dir: string,
  upload: (key: string, body: Uint8Array) => Promise<void>,
  onError: (error: unknown, path: string) => void,
  settleMs = 300,
): Promise<{ close(): Promise<void>; ready: Promise<void> }> {
  const pending = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const send = (path: string): Promise<void> => {
    const task = (async () => {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return;
      await upload(relative(dir, path).split(sep).join("/"), await readFile(path));
    })().catch((error: unknown) => onError(error, path));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    return task;
  };
  const schedule = (path: string) => {
    clearTimeout(pending.get(path));
    pending.set(path, setTimeout(() => settle(path), settleMs));
  };
  // Uploads once the size is the same twice, settleMs apart.
  const sizes = new Map<string, number>();
  const settle = async (path: string) => {
    const size = (await stat(path).catch(() => undefined))?.size;
    if (size === undefined) return void pending.delete(path);
    if (sizes.get(path) !== size) {
      sizes.set(path, size);
      pending.set(path, setTimeout(() => settle(path), settleMs));
      return;
    }
    pending.delete(path);
    sizes.delete(path);
    send(path);
  };
  // Watch first, then list: a file that appears between the two is seen at least once (twice
  // at worst, and a second upload of the same bytes is a job already done).
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    if (name && !isHidden(name.toString())) schedule(join(dir, name.toString()));
  });
  const initial: Promise<void>[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !isHidden(relative(dir, path))) initial.push(send(path));
  }
  return {
    /** Settles when every file that was in the folder at the start has been handled. */
    ready: Promise.allSettled(initial).then(() => {}),
    close: async () => {
      watcher.close();
      for (const timer of pending.values()) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}

const isHidden = (relativePath: string) => relativePath.split(/[\\/]/).some((part) => part.startsWith("."));
