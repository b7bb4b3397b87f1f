package ai.omnix.pipeline.document.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HocrParserTest {
  private static final String HOCR =
      """
      <div class='ocr_page' id='page_1' title='image ""; bbox 0 0 1200 400; ppageno 0; scan_res 300 300'>
       <div class='ocr_carea' id='block_1_1' title="bbox 120 100 900 300">
        <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 120 100 900 200">
         <span class='ocr_line' id='line_1_1' title="bbox 120 100 900 150; baseline 0 -10; x_size 42">
          <span class='ocrx_word' id='word_1_1' title='bbox 120 100 300 150; x_wconf 96'>Fish</span>
          <span class='ocrx_word' id='word_1_2' title='bbox 320 100 500 150; x_wconf 91.5'>&amp;</span>
          <span class='ocrx_word' id='word_1_3' title='bbox 520 100 900 150; x_wconf 88'><strong>Chips</strong></span>
         </span>
         <span class='ocr_line' id='line_1_2' title="bbox 120 160 600 200; baseline 0 -10; x_size 42">
          <span class='ocrx_word' id='word_1_4' title='bbox 120 160 600 200; x_wconf 93'>&lt;today&gt;</span>
         </span>
        </p>
        <p class='ocr_par' id='par_1_2' lang='eng' title="bbox 120 250 900 300">
         <span class='ocr_header' id='line_1_3' title="bbox 120 250 900 300; baseline 0 -10; x_size 42">
          <span class='ocrx_word' id='word_1_5' title='bbox 120 250 900 300; x_wconf 99'>Closed</span>
         </span>
        </p>
       </div>
      </div>
      """;

  @Test
  void readsLinesWordsBoxesAndConfidencesWithParagraphBreaks() {
    HocrParser.Parsed parsed = HocrParser.parse(HOCR);

    assertThat(parsed.text()).isEqualTo("Fish & Chips\n<today>\n\nClosed");
    assertThat(parsed.lines()).hasSize(3);
    OcrDocument.Line first = parsed.lines().get(0);
    assertThat(first.box()).isEqualTo(new OcrDocument.Box(120, 100, 780, 50));
    assertThat(first.words())
        .extracting(OcrDocument.Word::text)
        .containsExactly("Fish", "&", "Chips");
    assertThat(first.words().get(1).confidence()).isEqualTo(91.5f);
    assertThat(first.words().get(2).box()).isEqualTo(new OcrDocument.Box(520, 100, 380, 50));
  }

  @Test
  void givesNothingForAnEmptyPage() {
    HocrParser.Parsed parsed =
        HocrParser.parse("<div class='ocr_page' id='page_1' title='bbox 0 0 10 10'></div>");

    assertThat(parsed.text()).isEmpty();
    assertThat(parsed.lines()).isEmpty();
  }
}
