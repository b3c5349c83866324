/**
 * Runs `task` now, or once more after the run in progress when called during one: any number
 * of calls while it runs make a single later run, and runs never overlap.
 */
export function coalescing(
  task: () => Promise<void>,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    try {
      do {
        again = false;
        await task().catch(onError);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
