import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SingleBar } from "cli-progress";
import { clean } from "../clean.js";
import { inspectBytes } from "../document/inputPolicy.js";
import { explain } from "../report.js";
import { ENGINE_VERSION } from "../version.js";
import { InputError, UsageError } from "./errors.js";
import { runEval } from "./eval.js";

export interface Streams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const USAGE = `Usage:
  pagemend clean [FILE]                 clean FILE (or standard input) to standard output
  pagemend clean DIR --out DIR2         clean every file under DIR into DIR2, same relative paths
  pagemend eval DIR                     score the cleaner on NAME.input.txt + NAME.gold.txt pairs in DIR
  pagemend console --stage NAME         the dev console over a deployed stage (see pagemend console --help)

Options:
  --report PATH   write the report JSON (with a folder: one NAME.report.json per file)
  --explain       print a readable list of edits to standard error
  eval: --run CMD (score another cleaner: reads standard input, writes the text), --json,
        --verbose (the paragraphs missed and extra), --min-f1 X, --min-improvement X
        (exit 1 when the totals fall short; X from 0 to 1)
  -h, --help      show this help
  -v, --version   print the engine version
`;


export async function main(argv: string[], io: Streams): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      io.stderr.write(`pagemend: ${message} (see pagemend --help)\n`);
      return 2;
    }
    io.stderr.write(`pagemend: ${message}\n`);
    return 1;
  }
}

function threshold(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0 || x > 1) throw new UsageError(`${name} takes a number from 0 to 1, not '${value}'`);
  return x;
}

async function evaluate(argv: string[], io: Streams): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    run: { type: "string" },
    json: { type: "boolean" },
    verbose: { type: "boolean" },
    "min-f1": { type: "string" },
    "min-improvement": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("eval takes one DIR of NAME.input.txt and NAME.gold.txt pairs");
  if (values.run !== undefined && values.run.trim() === "") throw new UsageError("--run needs a command");
  const options = {
    dir: positionals[0]!,
    run: values.run,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    minF1: threshold("--min-f1", values["min-f1"]),
    minImprovement: threshold("--min-improvement", values["min-improvement"]),
  };
  return runEval(options, io);
}

/** Node's argument parser, its complaints turned into usage errors (exit 2). */
function parseCommand<T extends ParseArgsConfig["options"]>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
}

async function run(argv: string[], io: Streams): Promise<number> {
  if (argv[0] === "console") return runConsole(argv.slice(1), io);
  if (argv[0] === "eval") return evaluate(argv.slice(1), io);
  const { values, positionals } = parseCommand(argv, {
    out: { type: "string", short: "o" },
    report: { type: "string" },
    explain: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`pagemend ${ENGINE_VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== "clean") throw new UsageError(command ? `unknown command '${command}'` : "missing command");
  if (paths.length > 1) throw new UsageError("clean takes one FILE or DIR");
  const path = paths[0];
  const kind = path === undefined || path === "-" ? "stdin" : await kindOf(path);
  if (kind === "dir") {
    if (!values.out) throw new UsageError("cleaning a folder needs --out DIR2");
    return cleanFolder(path!, values.out, values.report, values.explain ?? false, io);
  }
  if (values.out) throw new UsageError("--out is for folders; a single file is written to standard output");
  const bytes = kind === "stdin" ? await readAll(io.stdin) : await readInput(path!);
  refuseBinary(bytes, path ?? "standard input");
  const result = clean(bytes);
  // The report first: where it cannot be written, nothing goes out as if all were well.
  if (values.report) await writeReport(values.report, JSON.stringify(result.report, null, 2) + "\n");
  io.stdout.write(result.text);
  if (values.explain) io.stderr.write(explain(result.report, path ?? "stdin", result.source));
  return 0;
}

/**
 * The console lives in @pagemend/console, which needs AWS; the engine does not. It is looked
 * up at run time (beside this package in the workspace, or installed next to it), so that
 * the engine keeps no dependency on it.
 */
async function runConsole(argv: string[], io: Streams): Promise<number> {
  const specifier = "@pagemend/console/cli";
  let consoleCli: { main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> };
  try {
    consoleCli = (await import(specifier)) as typeof consoleCli;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new InputError("the console is not installed: it comes with the @pagemend/console package");
  }
  return consoleCli.main(argv, { stdout: io.stdout, stderr: io.stderr });
}

async function writeReport(path: string, json: string): Promise<void> {
  try {
    await writeFile(path, json);
  } catch (error) {
    throw new InputError(`cannot write the report to ${path}: ${reason(error)}`);
  }
}

/** The engine's input policy, as the pipeline applies it: binary input is refused, with why. */
function refuseBinary(bytes: Uint8Array, name: string): void {
  const problem = inspectBytes(bytes);
  if (problem) throw new InputError(`cannot clean ${name}: ${problem.message}`);
}

async function kindOf(path: string): Promise<"file" | "dir"> {
  try {
    return (await stat(path)).isDirectory() ? "dir" : "file";
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`);
  }
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : (error as Error).message;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function cleanFolder(input: string, out: string, reportDir: string | undefined, wantExplain: boolean, io: Streams): Promise<number> {
  const files = await listFiles(input);
  const bar = new SingleBar({
    format: "cleaning [{bar}] {value}/{total} files | {file}",
    stream: io.stderr,
    noTTYOutput: false,
    hideCursor: true,
  });
  const showBar = io.stderr.isTTY === true;
  if (showBar) bar.start(files.length, 0, { file: "" });
  const failures: string[] = [];
  let edits = 0;
  for (const file of files) {
    const rel = relative(input, file);
    try {
      const bytes = await readFile(file);
      const problem = inspectBytes(bytes);
      if (problem) throw new InputError(problem.message);
      const result = clean(bytes);
      edits += result.report.edits.length;
      await writeInto(join(out, rel), result.text);
      if (reportDir) await writeInto(join(reportDir, `${rel}.report.json`), JSON.stringify(result.report, null, 2) + "\n");
      if (wantExplain) io.stderr.write(explain(result.report, rel, result.source));
    } catch (error) {
      failures.push(`${rel}: ${reason(error)}`);
    }
    if (showBar) bar.increment({ file: rel });
  }
  if (showBar) bar.stop();
  io.stderr.write(`pagemend: cleaned ${files.length - failures.length} of ${files.length} files into ${out} (${edits} edits)\n`);
  for (const f of failures) io.stderr.write(`pagemend: cannot clean ${f}\n`);
  return failures.length === 0 ? 0 : 1;
}

async function writeInto(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
