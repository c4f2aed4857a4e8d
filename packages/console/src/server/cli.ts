import { parseArgs } from "node:util";
import { z } from "zod";
import type { ConsoleBackend } from "./backend.js";
import { CONSOLE_PORT } from "./consoleAddOn.js";
import { endpointBackend } from "./localBackend.js";
import { startConsole } from "./server.js";
import { stageBackend } from "./stageBackend.js";

const USAGE = `Usage:
  pagemend console --stage NAME [--region R]   the console over a deployed stage (AWS credentials from the usual chain)
  pagemend console --endpoint URL              the console over a local pipeline started elsewhere (npm start serves one already)

Options:
  --port N      port on 127.0.0.1 (default ${CONSOLE_PORT}; 0 = any free port)
  -h, --help    this text
`;

const options = z
  .object({
    stage: z.string().regex(/^[A-Za-z0-9-]+$/, "a stage name is letters, digits and dashes").optional(),
    region: z.string().optional(),
    endpoint: z.url().optional(),
    port: z.coerce.number().int().min(0).max(65535).default(CONSOLE_PORT),
    help: z.boolean().default(false),
  })
  .refine((o) => o.help || Boolean(o.stage) !== Boolean(o.endpoint), { message: "give --stage NAME or --endpoint URL (one of them)" });

export interface ConsoleIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves when the console should stop; Ctrl-C by default. */
  untilStopped?: Promise<void>;
}

/** `pagemend console`: exit 0 after a clean stop, 2 on a usage error, 1 when the stage or endpoint cannot be read. */
export async function main(argv: string[], io: ConsoleIo): Promise<number> {
  let parsed: z.infer<typeof options>;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { stage: { type: "string" }, region: { type: "string" }, endpoint: { type: "string" }, port: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    parsed = options.parse(values);
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => (i.path.length ? `--${i.path.join(".")}: ${i.message}` : i.message)).join("; ") : (error as Error).message;
    io.stderr.write(`pagemend console: ${message} (see pagemend console --help)\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let backend: ConsoleBackend;
  try {
    backend = parsed.stage ? await stageBackend({ stage: parsed.stage, region: parsed.region }) : await endpointBackend({ endpoint: parsed.endpoint!, region: parsed.region ?? "us-east-1" });
  } catch (error) {
    io.stderr.write(`pagemend console: ${(error as Error).message}\n`);
    return 1;
  }
  const server = await startConsole(backend, { port: parsed.port }).catch((error: unknown) => {
    io.stderr.write(`pagemend console: ${(error as { code?: string }).code === "EADDRINUSE" ? `port ${parsed.port} is in use (try --port)` : (error as Error).message}\n`);
    return undefined;
  });
  if (!server) return 1;
  io.stdout.write(`pagemend console for ${backend.label}: ${server.url}\nCtrl-C stops.\n`);
  await (io.untilStopped ??
    new Promise<void>((done) => {
      process.once("SIGINT", () => done());
      process.once("SIGTERM", () => done());
    }));
  await server.close();
  io.stdout.write("stopped.\n");
  return 0;
}
