#!/usr/bin/env node
// `npm start`: the local pipeline with the dev console beside it.
// Lambda runs Node 22; on a Node 20 laptop the SDK's notice about its 2027 releases is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { localMain } = await import("@pagemend/pipeline/local");
const { consoleAddOn } = await import("../dist/server/consoleAddOn.js");

process.exitCode = await localMain(process.argv.slice(2), [consoleAddOn()]);
