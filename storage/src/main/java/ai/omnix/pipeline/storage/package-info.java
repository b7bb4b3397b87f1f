/**
 * Blob storage backends behind the core's storage port: local disk (the embedded default), S3 and
 * S3-compatible servers, Google Cloud Storage. Each backend lives in a sibling package named after
 * its technology.
 */
package ai.omnix.pipeline.storage;
