import type { Context } from "aws-lambda";
import { randomUUID } from "node:crypto";

/** The Lambda context a local invocation gets: a name, a request id and a real time budget. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const fail = () => {
    throw new Error("callback-style completion is not used by pagemend's handlers");
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `pagemend-local-${functionName}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:pagemend-local-${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/pagemend-local-${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
