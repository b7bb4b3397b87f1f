/**
 * Document jobs (detection, extraction, OCR, searchable PDFs, page thumbnails) on Tika, PDFBox and tess4j. Those
 * libraries stay in this module.
 */
package ai.omnix.pipeline.document;
