/**
 * Document jobs (detection, extraction, OCR, searchable PDFs, page thumbnails) on Tika, PDFBox and
 * tess4j. Those libraries stay in this module.
 *
 * <ul>
 *   <li>{@code detect}: the upload content sniffer (tika-core only).
 *   <li>{@code extract}: the {@code extract} job: Tika text and metadata, PDFs page by page with
 *       PDFBox.
 *   <li>{@code ocr}: the {@code ocr} job: bundled Tesseract 5.5.2 through tess4j, one engine per
 *       thread, hOCR into pages, lines and words, orientation detection, searchable PDF.
 *   <li>{@code thumbnail}: the {@code document-thumbnail} job.
 * </ul>
 *
 * <p>Every input is hostile: {@link ai.omnix.pipeline.document.DocumentLimits} bounds characters,
 * pages, pixels and time; failures carry the stable codes of {@link
 * ai.omnix.pipeline.document.DocumentFailures}; the staged input and every temp file are deleted on
 * every path.
 */
package ai.omnix.pipeline.document;
