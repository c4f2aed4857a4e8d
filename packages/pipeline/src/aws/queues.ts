import {
  GetQueueAttributesCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** The SQS calls the pipeline makes. */

export async function sendMessage(sqs: SQSClient, queueUrl: string, body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}

/** Sends in batches of ten (the SQS limit); any entry SQS refuses fails the call. */
export async function sendMessages(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const entries = bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: body }));
    const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (result.Failed && result.Failed.length > 0) {
      const first = result.Failed[0];
      throw new Error(`SQS refused ${result.Failed.length} of ${entries.length} messages: ${first?.Code} ${first?.Message ?? ""}`);
    }
  }
}

export async function receiveMessages(
  sqs: SQSClient,
  queueUrl: string,
  options: { max?: number; waitSeconds?: number; visibilityTimeout?: number } = {},
  abortSignal?: AbortSignal,
): Promise<Message[]> {
  const result = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: options.max ?? 10,
      WaitTimeSeconds: options.waitSeconds ?? 0,
      VisibilityTimeout: options.visibilityTimeout,
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    }),
    { abortSignal },
  );
  return result.Messages ?? [];
}

export async function deleteMessages(sqs: SQSClient, queueUrl: string, receiptHandles: readonly string[]): Promise<void> {
  for (let i = 0; i < receiptHandles.length; i += 10) {
    const entries = receiptHandles.slice(i, i + 10).map((handle, j) => ({ Id: String(j), ReceiptHandle: handle }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}

/** Messages waiting and in flight (both approximate, as SQS counts them). */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<{ waiting: number; inFlight: number }> {
  const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
  return { waiting: Number(a.Attributes?.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
}
