import { Upload } from "@aws-sdk/lib-storage";
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

/**
 * Bodies over this go up in parts: a single PUT of many megabytes is one long request that
 * fails whole (and the local emulator refuses requests over 11 MiB).
 */
export const MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

/** Writes an object, in parts above MULTIPART_THRESHOLD; returns its ETag. */
export async function putObject(
  s3: S3Client,
  input: { bucket: string; key: string; body: string | Uint8Array; contentType?: string; contentEncoding?: string; metadata?: Record<string, string> },
): Promise<string | undefined> {
  const body = typeof input.body === "string" ? Buffer.from(input.body, "utf8") : input.body;
  const params = { Bucket: input.bucket, Key: input.key, Body: body, ContentType: input.contentType, ContentEncoding: input.contentEncoding, Metadata: input.metadata };
  if (body.byteLength <= MULTIPART_THRESHOLD) return (await s3.send(new PutObjectCommand(params))).ETag;
  // Two parts in flight: a clean function holds one document at a time, and memory is its limit.
  const upload = new Upload({ client: s3, params, partSize: PART_SIZE, queueSize: 2, leavePartsOnError: false });
  return (await upload.done()).ETag;
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
