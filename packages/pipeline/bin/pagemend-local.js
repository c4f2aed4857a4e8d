#!/usr/bin/env node
// `npm start`: the pagemend pipeline on this machine.
// Lambda runs Node 22; on a Node 20 laptop the SDK's notice about its 2027 releases is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await import("../dist/local/cli.js");

process.exitCode = await main(process.argv.slice(2));
