import { Logger } from "./log";

/**
 * Runs `stop` once on SIGTERM or SIGINT (a second signal does not start a second stop),
 * then exits 0. Containers get SIGTERM from `docker stop`; a person gets SIGINT from Ctrl-C.
 */
export function stopOnSignals(logger: Logger, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await stop(signal);
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void onSignal("SIGTERM"));
  process.on("SIGINT", () => void onSignal("SIGINT"));
}

/** Runs a service's main, logging why it could not start and exiting 1 if it throws. */
export function runMain(logger: Logger, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    logger.error("could not start", { error });
    process.exit(1);
  });
}
