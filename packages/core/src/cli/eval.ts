import { execSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import { clean } from "../clean.js";
import { scoreDocument, totalScores, type DocumentScore, type ScoreTotals } from "../eval/score.js";
import { RULES } from "../document/model.js";
import { InputError } from "./errors.js";

/** How `pagemend eval` was asked to run. */
export interface EvalOptions {
  dir: string;
  /** A shell command that reads a document on standard input and writes the cleaned text; unset: this engine. */
  run?: string;
  json: boolean;
  verbose: boolean;
  minF1?: number;
  minImprovement?: number;
}

export interface EvalIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}


const INPUT = ".input.txt";
const GOLD = ".gold.txt";

/** The NAME of every NAME.input.txt with a NAME.gold.txt beside it, and the inputs that have none. */
export async function findPairs(dir: string): Promise<{ names: string[]; withoutGold: string[] }> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${dir}: ${code === "ENOENT" ? "no such file or directory" : code === "ENOTDIR" ? "not a folder" : (error as Error).message}`);
  }
  const present = new Set(files);
  const inputs = files.filter((f) => f.endsWith(INPUT)).map((f) => f.slice(0, -INPUT.length)).sort();
  return { names: inputs.filter((n) => present.has(n + GOLD)), withoutGold: inputs.filter((n) => !present.has(n + GOLD)) };
}

export async function runEval(options: EvalOptions, io: EvalIo): Promise<number> {
  const { names, withoutGold } = await findPairs(options.dir);
  for (const n of withoutGold) io.stderr.write(`pagemend: ${n}${INPUT} has no ${n}${GOLD} beside it; not scored\n`);
  if (names.length === 0) throw new InputError(`no NAME${INPUT} with a NAME${GOLD} beside it in ${options.dir}`);
  const bar = new SingleBar({ format: "scoring [{bar}] {value}/{total} documents | {file}", stream: io.stderr, hideCursor: true });
  const showBar = io.stderr.isTTY === true;
  if (showBar) bar.start(names.length, 0, { file: "" });
  const rows: DocumentScore[] = [];
  for (const name of names) {
    const input = await readFile(join(options.dir, name + INPUT));
    const gold = await readFile(join(options.dir, name + GOLD), "utf8");
    rows.push(scoreOne(name, input, gold, options.run, io));
    if (showBar) bar.increment({ file: name });
  }
  if (showBar) bar.stop();
  const total = totalScores(rows);
  io.stdout.write(options.json ? JSON.stringify(toJson(total, rows)) + "\n" : table(total, rows, options.verbose));
  let failed = false;
  if (options.minF1 !== undefined && total.paraF1 < options.minF1) {
    io.stderr.write(`pagemend: paragraph F1 ${total.paraF1.toFixed(3)} is below --min-f1 ${options.minF1}\n`);
    failed = true;
  }
  if (options.minImprovement !== undefined && total.improvement < options.minImprovement) {
    io.stderr.write(`pagemend: improvement ${total.improvement.toFixed(3)} is below --min-improvement ${options.minImprovement}\n`);
    failed = true;
  }
  return failed ? 1 : 0;
}

/** Cleans one input with this engine or the given command; a command that fails scores as empty output, as the project's scorer does. */
function scoreOne(name: string, input: Buffer, gold: string, command: string | undefined, io: EvalIo): DocumentScore {
  const inputText = input.toString("utf8");
  if (command === undefined) {
    const result = clean(input);
    return scoreDocument(name, inputText, result.text, gold, { ...result.report.counts });
  }
  let output = "";
  try {
    output = execSync(command, { input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
  } catch (error) {
    io.stderr.write(`pagemend: ${name}: the cleaner failed: ${(error as Error).message.split("\n")[0]}\n`);
  }
  return scoreDocument(name, inputText, output, gold);
}

function toJson(total: ScoreTotals, rows: readonly DocumentScore[]) {
  return {
    total,
    documents: rows.map((r) => ({
      name: r.name,
      paraF1: r.output.f1,
      baselineParaF1: r.input.f1,
      improvement: r.improvement,
      lost: r.output.lost,
      extra: r.output.extra,
      baselineExtra: r.input.extra,
      ...(r.edits ? { edits: r.edits } : {}),
      missed: r.output.missedParagraphs,
      unexpected: r.output.extraParagraphs,
    })),
  };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(7);
const num = (x: number, width: number) => String(x).padStart(width);

function table(total: ScoreTotals, rows: readonly DocumentScore[], verbose: boolean): string {
  const nameWidth = Math.max(8, ...rows.map((r) => r.name.length)) + 1;
  const withEdits = total.edits !== undefined;
  const editHead = withEdits ? RULES.map((r) => r.padStart(5)).join("") : "";
  const out: string[] = [];
  out.push(`${"document".padEnd(nameWidth)} ${"paraF1".padStart(7)} ${"(input)".padStart(7)} ${"improv%".padStart(7)} ${"lost".padStart(6)} ${"extra".padStart(6)} ${"(input)".padStart(7)}${editHead}`);
  const edits = (e: Record<string, number> | undefined) => (e ? RULES.map((r) => num(e[r] ?? 0, 5)).join("") : "");
  for (const r of rows) {
    const worse = r.output.f1 < r.input.f1 || r.improvement < 0 ? "  worse than its input" : "";
    out.push(`${r.name.padEnd(nameWidth)} ${pct(r.output.f1)} ${pct(r.input.f1)} ${pct(r.improvement)} ${num(r.output.lost, 6)} ${num(r.output.extra, 6)} ${num(r.input.extra, 7)}${edits(r.edits)}${worse}`);
    if (verbose) {
      for (const g of r.output.missedParagraphs) out.push(`    - gold not in output: ${clip(g)}`);
      for (const p of r.output.extraParagraphs) out.push(`    + output not in gold: ${clip(p)}`);
    }
  }
  out.push(`${"TOTAL".padEnd(nameWidth)} ${pct(total.paraF1)} ${pct(total.baselineParaF1)} ${pct(total.improvement)} ${num(total.lost, 6)} ${num(total.extra, 6)} ${num(total.baselineExtra, 7)}${edits(total.edits)}`);
  out.push(`mean improvement over documents ${(100 * total.meanImprovement).toFixed(1)}%; ${total.worseThanInput} of ${total.documents} documents worse than their input`);
  return out.join("\n") + "\n";
}

function clip(text: string): string {
  const points = Array.from(text);
  return points.length > 70 ? points.slice(0, 70).join("") + "…" : text;
}
