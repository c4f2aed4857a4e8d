#!/usr/bin/env node
// `npm start`: the pagemend pipeline on this machine.
import { main } from "../dist/local/cli.js";

process.exitCode = await main(process.argv.slice(2));
