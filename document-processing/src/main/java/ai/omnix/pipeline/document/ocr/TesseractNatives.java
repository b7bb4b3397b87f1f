package ai.omnix.pipeline.document.ocr;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import net.sourceforge.tess4j.util.LoadLibs;
import org.bytedeco.javacpp.Loader;

/**
 * Makes bytedeco's bundled Tesseract 5.5.2 and Leptonica 1.87 the libraries tess4j's JNA binding
 * finds: both are loaded (extracted to JavaCPP's cache) and their folders put first on {@code
 * jna.library.path} before tess4j is first used. No system libtesseract is ever loaded (two
 * Tesseracts in one JVM crash).
 *
 * <p>Threading: bytedeco's libtesseract is built without OpenMP (it neither imports {@code omp_*}
 * symbols nor links libgomp), so one engine uses one core and parallelism comes from one engine per
 * OCR thread; there is no {@code OMP_THREAD_LIMIT} to set.
 */
public final class TesseractNatives {
  private static volatile Path bundledTessdata;

  private TesseractNatives() {}

  /** Loads the natives once per JVM; later calls return at once. */
  public static synchronized void ensureLoaded() {
    if (bundledTessdata != null) {
      return;
    }
    String leptonica = Loader.load(org.bytedeco.leptonica.global.leptonica.class);
    String tesseract = Loader.load(org.bytedeco.tesseract.global.tesseract.class);
    Set<String> folders = new LinkedHashSet<>();
    folders.add(new File(tesseract).getParent());
    folders.add(new File(leptonica).getParent());
    String existing = System.getProperty("jna.library.path");
    if (existing != null && !existing.isBlank()) {
      folders.add(existing);
    }
    System.setProperty("jna.library.path", String.join(File.pathSeparator, folders));
    bundledTessdata = LoadLibs.extractTessResources("tessdata").toPath();
  }

  /**
   * The {@code eng} and {@code osd} traineddata shipped in the tess4j jar, extracted to a temp
   * folder.
   */
  public static Path bundledTessdata() {
    ensureLoaded();
    return bundledTessdata;
  }
}
