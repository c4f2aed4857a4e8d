import { ChangeMessageVisibilityBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { parseIngestMessage, receiveMessages } from "@pagemend/pipeline";

export interface DeadLetter {
  messageId: string;
  receiveCount: number;
  /** The message as it stands, when it names no key (malformed). */
  body?: string;
}

export interface DeadLetterSnapshot {
  /** Dead letters by the key they were about. */
  byKey: Map<string, DeadLetter>;
  /** Messages that name no key: malformed, or about another bucket. */
  unreadable: DeadLetter[];
  /** Messages seen; fewer than the queue holds when it holds more than the peek's limit. */
  seen: number;
  takenAt: number;
}

/**
 * Reads what the dead-letter queue holds without taking it. SQS has no peek: the messages are
 * received (hidden for a few seconds) and made visible again at once, as the AWS console's
 * "poll for messages" does. A redrive running at the same moment may find fewer messages; it
 * can simply be run again.
 */
export async function peekDeadLetters(sqs: SQSClient, queueUrl: string, max = 1000): Promise<DeadLetterSnapshot> {
  const snapshot: DeadLetterSnapshot = { byKey: new Map(), unreadable: [], seen: 0, takenAt: Date.now() };
  const handles: string[] = [];
  const seenIds = new Set<string>();
  try {
    while (seenIds.size < max) {
      const messages = await receiveMessages(sqs, queueUrl, { max: 10, waitSeconds: 0, visibilityTimeout: 20 });
      const fresh = messages.filter((m) => m.MessageId && !seenIds.has(m.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        seenIds.add(message.MessageId!);
        if (message.ReceiptHandle) handles.push(message.ReceiptHandle);
        const letter: DeadLetter = { messageId: message.MessageId!, receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0) };
        let keys: string[] = [];
        try {
          keys = parseIngestMessage(message.Body ?? "").map((job) => job.key);
        } catch {
          // A malformed message names no key; it is listed on its own.
        }
        if (keys.length === 0) snapshot.unreadable.push({ ...letter, body: (message.Body ?? "").slice(0, 500) });
        for (const key of keys) snapshot.byKey.set(key, letter);
      }
    }
  } finally {
    await releaseMessages(sqs, queueUrl, handles);
  }
  snapshot.seen = seenIds.size;
  return snapshot;
}

async function releaseMessages(sqs: SQSClient, queueUrl: string, handles: readonly string[]): Promise<void> {
  for (let i = 0; i < handles.length; i += 10) {
    const entries = handles.slice(i, i + 10).map((handle, j) => ({ Id: String(j), ReceiptHandle: handle, VisibilityTimeout: 0 }));
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}
