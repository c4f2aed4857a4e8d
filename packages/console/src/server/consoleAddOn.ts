import type { LocalAddOn } from "@pagemend/pipeline/local";
import { z } from "zod";
import { localBackend, PipelineEvents } from "./localBackend.js";
import { startConsole } from "./server.js";

export const CONSOLE_PORT = 4567;

const consoleOptions = z.object({
  "console-port": z.coerce.number().int().min(0).max(65535).default(CONSOLE_PORT),
  "no-console": z.boolean().default(false),
});

/** `npm start`'s console: on 127.0.0.1:4567 beside the local pipeline, with its live events. */
export function consoleAddOn(): LocalAddOn {
  const events = new PipelineEvents();
  let settings = consoleOptions.parse({});
  return {
    usage: `  --console-port N         port of the dev console on 127.0.0.1 (default ${CONSOLE_PORT}; 0 = any free port)
  --no-console             run without the console`,
    options: { "console-port": { type: "string" }, "no-console": { type: "boolean" } },
    configure: (values) => void (settings = consoleOptions.parse(values)),
    onEvent: events.onEvent,
    start: async (pipeline) => {
      if (settings["no-console"]) return { banner: [], stop: async () => {} };
      const server = await startConsole(localBackend(pipeline, events), { port: settings["console-port"] }).catch((error: unknown) => {
        if ((error as { code?: string }).code === "EADDRINUSE") throw new Error(`console port ${settings["console-port"]} is in use (try --console-port)`);
        throw error;
      });
      return { banner: [`Dev console: ${server.url}  (jobs, diffs, replay, reprocess, redrive, drag-and-drop upload)`], stop: () => server.close() };
    },
  };
}
