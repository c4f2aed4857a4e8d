import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/** The S3 calls the pipeline makes, with "not found" as a value rather than an exception. */

export interface ObjectHead {
  eTag: string;
  size: number;
  metadata: Record<string, string>;
  lastModified: Date | undefined;
}

export async function headObject(s3: S3Client, bucket: string, key: string): Promise<ObjectHead | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { eTag: head.ETag ?? "", size: head.ContentLength ?? 0, metadata: head.Metadata ?? {}, lastModified: head.LastModified };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The object's bytes, only if it still has `eTag` (a newer upload gets its own event). */
export async function getObjectBytes(s3: S3Client, bucket: string, key: string, eTag?: string): Promise<Uint8Array | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: eTag }));
    return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    if (isNotFound(error) || httpStatus(error) === 412) return undefined;
    throw error;
  }
}

export async function putObject(
  s3: S3Client,
  input: { bucket: string; key: string; body: string | Uint8Array; contentType: string; metadata?: Record<string, string> },
): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: input.bucket, Key: input.key, Body: input.body, ContentType: input.contentType, Metadata: input.metadata }));
}

export async function deleteObject(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

export interface ListedObject {
  key: string;
  eTag: string;
  size: number;
  lastModified: Date | undefined;
}

/** One page of keys after `startAfter`, in S3's key order. */
export async function listObjectsPage(
  s3: S3Client,
  input: { bucket: string; prefix?: string; startAfter?: string; maxKeys?: number },
): Promise<{ objects: ListedObject[]; more: boolean }> {
  const page = await s3.send(
    new ListObjectsV2Command({ Bucket: input.bucket, Prefix: input.prefix || undefined, StartAfter: input.startAfter || undefined, MaxKeys: input.maxKeys ?? 1000 }),
  );
  const objects = (page.Contents ?? []).map((o) => ({ key: o.Key ?? "", eTag: o.ETag ?? "", size: o.Size ?? 0, lastModified: o.LastModified }));
  return { objects: objects.filter((o) => o.key !== ""), more: page.IsTruncated === true };
}

export function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotFound" || name === "NoSuchKey" || httpStatus(error) === 404;
}
