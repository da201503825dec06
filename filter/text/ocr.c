/* ocr.c — text and where it is, through tesseract's C API.
 *
 * One ocr_engine holds the tesseract handles, each initialised once and
 * reused for every image (initialisation costs far more than a small
 * page): `text` for recognition in the configured languages; `latin`,
 * English alone, for single lines (which way up, Thai re-reads); and
 * `osd` for tesseract's orientation detection, loaded on first use. An engine is used by one thread at a
 * time (tesseract handles are not thread-safe).
 *
 * Debian's tesseract is built with OpenMP, and its LSTM layers ask for
 * several threads per region with a num_threads clause, which overrides
 * omp_set_num_threads(); only OpenMP's thread limit caps them, and libgomp
 * reads it from OMP_THREAD_LIMIT once, when it loads. On card-sized pages
 * the threads cost far more than they gain (th_card_01.jpg, 2 cores: OCR
 * 3039 ms without the limit, 404 ms with OMP_THREAD_LIMIT=1), and our
 * parallelism is one engine per worker anyway. The program sets the limit
 * (filter/cli.c); include/idredact.h tells library users to.
 *
 * ocr_read() returns every symbol with its box, grouped into words and
 * lines by tesseract's own layout analysis, so recognisers can join digit
 * groups split across words and measure text height.
 */
#include <math.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "internal.h"

struct ocr_engine {
	char *languages;     /* of `text`, as configured ("eng+tha") */
	TessBaseAPI *text;
	TessBaseAPI *osd;
	TessBaseAPI *latin;  /* eng only, one line at a time; see reread_lines() */
	bool latin_pages;    /* the languages are eng and tha: a page without
			      * Thai may be read by `latin` (ocr_read()) */
	GHashTable *readers; /* language -> TessBaseAPI, ocr_read_as() */
	gint64 deadline;     /* monotonic us; 0: none (ocr_set_deadline) */
	char *tessdata;      /* where osd is loaded from on first use */
	double spent[OCR_PASS_KINDS]; /* ms since ocr_spent_take() */
};

void ocr_spent_take(ocr_engine *eng, double ms[OCR_PASS_KINDS])
{
	memcpy(ms, eng->spent, sizeof(eng->spent));
	memset(eng->spent, 0, sizeof(eng->spent));
}

/* Adds the time since t0 (monotonic us) to the engine's account of kind. */
static void spent(ocr_engine *eng, ocr_pass_kind kind, gint64 t0)
{
	eng->spent[kind] += (g_get_monotonic_time() - t0) / 1000.0;
}

bool ocr_latin_pages(const ocr_engine *eng)
{
	return eng->latin_pages;
}

const char *ocr_languages(const ocr_engine *eng, bool latin)
{
	return latin && eng->latin_pages ? "eng" : eng->languages;
}

void ocr_set_deadline(ocr_engine *eng, gint64 deadline)
{
	eng->deadline = deadline;
}

/* Returns true when the deadline has passed. */
static bool past_deadline(const ocr_engine *eng)
{
	return eng->deadline && g_get_monotonic_time() >= eng->deadline;
}

/* Ends and deletes a tesseract handle (also the readers' table's value
 * destructor). */
static void tess_free(gpointer api)
{
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
}

void ocr_engine_free(ocr_engine *eng)
{
	if (!eng)
		return;
	if (eng->text)
		tess_free(eng->text);
	if (eng->osd)
		tess_free(eng->osd);
	if (eng->latin)
		tess_free(eng->latin);
	if (eng->readers)
		g_hash_table_destroy(eng->readers);
	g_free(eng->tessdata);
	g_free(eng->languages);
	g_free(eng);
}

/* Returns a handle initialised for lang, or NULL. Tesseract prints its
 * own complaints on stderr during Init; we keep them (they name the
 * missing file) but our caller reports the failure once. */
static TessBaseAPI *tess_new(const char *tessdata, const char *lang)
{
	TessBaseAPI *api = TessBaseAPICreate();

	if (!api)
		return NULL;
	if (TessBaseAPIInit3(api, tessdata, lang) != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	/* The library never prints: send tesseract's debug chatter away. */
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return api;
}

/* Returns IDR_OK when every traineddata of lang ("eng+tha") is present
 * in tessdata and matches the manifest, and osd.traineddata is present
 * (it is checked and loaded on first use: ocr_orientation()). Tesseract
 * itself would only print a warning and carry on without a missing
 * language. */
static idr_status check_models(const char *tessdata, const char *lang,
			       idr_error *err)
{
	char **names = g_strsplit(lang, "+", -1);
	char *osd = g_strdup_printf("%s/osd.traineddata", tessdata);
	idr_status st = IDR_OK;

	for (int i = 0; names[i] && !st; i++) {
		if (!*names[i])
			continue;
		char *file = g_strdup_printf("%s/%s.traineddata", tessdata, names[i]);
		st = models_verify(file, err);
		g_free(file);
	}
	if (!st && !g_file_test(osd, G_FILE_TEST_IS_REGULAR))
		st = idr_fail(err, IDR_ERR_MODEL,
			      "model %s is missing (make deps installs it)", osd);
	g_strfreev(names);
	g_free(osd);
	return st;
}

idr_status ocr_engine_new(const char *tessdata, const char *lang,
			  ocr_engine **out, idr_error *err)
{
	ocr_engine *eng = g_new0(ocr_engine, 1);
	idr_status st;

	if ((st = check_models(tessdata, lang, err)))
		goto out;
	eng->tessdata = g_strdup(tessdata);
	eng->languages = g_strdup(lang);
	if (!(eng->text = tess_new(tessdata, lang))) {
		st = idr_fail(err, IDR_ERR_MODEL,
			      "cannot load OCR languages '%s' from %s", lang,
			      tessdata);
		goto out;
	}
	/* Sparse text: ID cards are islands of text around a photo, not
	 * paragraphs; PSM_AUTO drops short isolated lines more often. */
	TessBaseAPISetPageSegMode(eng->text, PSM_SPARSE_TEXT);
	/* A second reader for lines the Thai model took over (reread_lines()). */
	if (strstr(lang, "tha")) {
		char *file = g_strdup_printf("%s/eng.traineddata", tessdata);
		st = models_verify(file, err);
		g_free(file);
		if (st)
			goto out;
		if (!(eng->latin = tess_new(tessdata, "eng"))) {
			st = idr_fail(err, IDR_ERR_MODEL,
				      "cannot load OCR language 'eng' from %s", tessdata);
			goto out;
		}
		TessBaseAPISetPageSegMode(eng->latin, PSM_SINGLE_LINE);
		/* English alone stands in for the page reader only where
		 * that reads nothing else: "chi_sim+tha" must read Chinese */
		eng->latin_pages = !strcmp(lang, "eng+tha") ||
				   !strcmp(lang, "tha+eng");
	}
	*out = eng;
	eng = NULL;
out:
	ocr_engine_free(eng);
	return st;
}

/* Returns the address of grey's pixels (8-bit, one band, in memory). */
static const unsigned char *grey_pixels(VipsImage *grey)
{
	return (const unsigned char *)VIPS_IMAGE_ADDR(grey, 0, 0);
}

idr_status ocr_orientation(ocr_engine *eng, VipsImage *grey, int *turn,
			   float *confidence, idr_error *err)
{
	int deg = 0;
	float conf = 0, script_conf = 0;
	const char *script = NULL;
	idr_status st;

	*turn = 0;
	*confidence = 0;
	/* Loaded on first use: the text stage asks only on pages where it
	 * found no text lines, and the model (10 MB, checked against its
	 * SHA-256) costs a quarter of a second to load. */
	if (!eng->osd) {
		char *file = g_strdup_printf("%s/osd.traineddata", eng->tessdata);
		st = models_verify(file, err);
		g_free(file);
		if (st)
			return st;
		if (!(eng->osd = tess_new(eng->tessdata, "osd")))
			return idr_fail(err, IDR_ERR_MODEL,
					"cannot load orientation model "
					"osd.traineddata from %s", eng->tessdata);
		TessBaseAPISetPageSegMode(eng->osd, PSM_OSD_ONLY);
	}
	gint64 t0 = g_get_monotonic_time();
	TessBaseAPISetImage(eng->osd, grey_pixels(grey), grey->Xsize,
			    grey->Ysize, 1, VIPS_IMAGE_SIZEOF_LINE(grey));
	TessBaseAPISetSourceResolution(eng->osd, 300);
	if (!TessBaseAPIDetectOrientationScript(eng->osd, &deg, &conf, &script,
						&script_conf))
		deg = 0, conf = 0;
	TessBaseAPIClear(eng->osd);
	spent(eng, OCR_PASS_OSD, t0);
	*confidence = conf;
	/* Tesseract reports how far the page was turned clockwise
	 * ("Orientation in degrees"); the correction is the rest of a turn. */
	*turn = (360 - (deg % 360)) % 360;
	return IDR_OK;
}

/* Returns the box of the iterator's current element at level. */
static idr_rect iter_box(const TessPageIterator *pi, TessPageIteratorLevel level)
{
	int l = 0, t = 0, r = 0, b = 0;

	TessPageIteratorBoundingBox(pi, level, &l, &t, &r, &b);
	return (idr_rect){ l, t, r - l, b - t };
}

void ocr_page_free(ocr_page *page)
{
	if (!page)
		return;
	if (page->symbols)
		g_array_free(page->symbols, TRUE);
	if (page->words)
		g_array_free(page->words, TRUE);
	if (page->lines)
		g_array_free(page->lines, TRUE);
	if (page->binary)
		pixDestroy(&page->binary);
	g_free(page);
}

ocr_page *ocr_page_new(int width, int height)
{
	ocr_page *page = g_new0(ocr_page, 1);

	page->symbols = g_array_new(FALSE, TRUE, sizeof(ocr_symbol));
	page->words = g_array_new(FALSE, TRUE, sizeof(ocr_word));
	page->lines = g_array_new(FALSE, TRUE, sizeof(ocr_line));
	page->width = width;
	page->height = height;
	return page;
}

/* Appends every symbol of a recognised page or region to page, opening
 * a new line and word where tesseract's layout says one begins. */
static void append_reading(TessResultIterator *ri, ocr_page *page)
{
	const TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
	bool first = true;

	do {
		char *text = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
		if (!text)
			continue;
		/* Boxes are in the whole image's pixels, also when a
		 * rectangle was set (tesseract's PageIterator adds its
		 * origin back). */
		if (first || TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) {
			ocr_line line = { page->words->len, 0,
					  iter_box(pi, RIL_TEXTLINE) };
			g_array_append_val(page->lines, line);
		}
		if (first || TessPageIteratorIsAtBeginningOf(pi, RIL_WORD)) {
			ocr_word word = { page->symbols->len, 0,
					  iter_box(pi, RIL_WORD),
					  TessResultIteratorConfidence(ri, RIL_WORD) };
			g_array_append_val(page->words, word);
			g_array_index(page->lines, ocr_line,
				      page->lines->len - 1).n++;
		}
		first = false;
		ocr_symbol sym = { .box = iter_box(pi, RIL_SYMBOL),
				   .conf = TessResultIteratorConfidence(ri, RIL_SYMBOL) };
		g_strlcpy(sym.text, text, sizeof sym.text);
		TessDeleteText(text);
		g_array_append_val(page->symbols, sym);
		g_array_index(page->words, ocr_word, page->words->len - 1).n++;
	} while (TessResultIteratorNext(ri, RIL_SYMBOL));
}

/* Reads rectangle b of the image set on api and appends what it reads
 * to page; returns whether a reading came back. */
static bool read_rect(TessBaseAPI *api, idr_rect b, ocr_page *page)
{
	TessResultIterator *ri;

	TessBaseAPISetRectangle(api, b.x, b.y, b.w, b.h);
	if (TessBaseAPIRecognize(api, NULL) != 0 ||
	    !(ri = TessBaseAPIGetIterator(api)))
		return false;
	append_reading(ri, page);
	TessResultIteratorDelete(ri);
	return true;
}

/* Two lines read one after the other are one line split by tesseract's
 * sparse layout when the second's first word starts where the first's
 * last word ends (within JOIN_GAP of the smaller word's height, and no
 * more than JOIN_OVERLAP of it back) on the same row (their heights
 * overlapping by JOIN_ROW of the smaller one). A passport's number
 * "BS7832366", printed in red and photographed small in perspective,
 * came back as the lines "BS7832", "3" and "66", 3 and 6 px apart at a
 * height of 42: no recogniser sees a number split across lines, and it
 * was left whole (rotation seed 2167348492, photo_passport_01 turned
 * 270). Words a space apart in one line of print stand about a third of
 * a height apart, so a line of print is what the join makes.
 *
 * Up to JOIN_SKIP lines read between the two pieces do not keep them
 * apart: a passport photo's Thai ID "1 0840 66996 12 2" came back as
 * "1 0840 66", then a speck of the caption above (a line 11 px tall, read
 * as Thai glyphs), then "996 12 2" 3 px on, and no recogniser saw 13
 * digits (photo_passport seed 1307783653, turned 270). The second piece
 * is moved up to follow the first; the lines between follow it. A piece
 * of print is sought first among lines whose first word is at least
 * JOIN_SIZE of the height of the first piece's last word (and at most
 * its inverse): a speck on the row, a fifth of a height tall, also
 * starts where the number's first piece ends now and then.
 *
 * The pieces come in either order: tesseract returns lines top down,
 * and on a row tilted up to the right the later piece is read first. A
 * passport photo's "OI9135929" came back as the lines "5929" and then
 * "1913" 24 px lower (of 57), and was left whole (photo_passport, fresh
 * seed 214121711, turned 270): the piece found before line i is moved
 * up in front of it. */
#define JOIN_GAP 0.5
#define JOIN_OVERLAP 0.25
#define JOIN_ROW 0.6
#define JOIN_SKIP 2
#define JOIN_SIZE 0.5

/* Returns true when box b goes on where box a ends (see above), and,
 * when same_size, when they are of about one height. */
static bool box_goes_on(idr_rect a, idr_rect b, bool same_size)
{
	int h = MIN(a.h, b.h);
	int gap = b.x - (a.x + a.w);
	int row = MIN(a.y + a.h, b.y + b.h) - MAX(a.y, b.y);
	return h > 0 && gap <= JOIN_GAP * h && gap >= -JOIN_OVERLAP * h &&
	       row >= JOIN_ROW * h &&
	       (!same_size || h >= JOIN_SIZE * MAX(a.h, b.h));
}

/* Returns true when line j of page goes on where line i ends: the last
 * word of i and the first of j meet (see above), or the glyphs where
 * they meet do. A long word on a tilted row is taller than its glyphs
 * by the row's rise along it: an MRZ line photographed 2 degrees off
 * level came back as two lines of 20 and 24 characters, each word about
 * 1000 px long and 105 px tall, the glyphs where they met 60 px tall
 * and level with each other but the words overlapping 55 px; the line
 * stayed in two pieces and its document number was never read
 * (photo_passport, fresh seed 1018951428, turned 270). */
static bool line_goes_on(const ocr_page *page, guint i, guint j,
			 bool same_size)
{
	const ocr_line *a = &g_array_index(page->lines, ocr_line, i);
	const ocr_line *b = &g_array_index(page->lines, ocr_line, j);

	if (!a->n || !b->n)
		return false;
	const ocr_word *wa = &g_array_index(page->words, ocr_word,
					    a->first + a->n - 1);
	const ocr_word *wb = &g_array_index(page->words, ocr_word, b->first);
	if (box_goes_on(wa->box, wb->box, same_size))
		return true;
	if (!wa->n || !wb->n)
		return false;
	return box_goes_on(g_array_index(page->symbols, ocr_symbol,
					 wa->first + wa->n - 1).box,
			   g_array_index(page->symbols, ocr_symbol,
					 wb->first).box,
			   same_size);
}

/* Appends line i of src to dst, its words and symbols with it. */
static void copy_line(ocr_page *dst, const ocr_page *src, guint i)
{
	const ocr_line *l = &g_array_index(src->lines, ocr_line, i);
	ocr_line nl = { dst->words->len, l->n, l->box };

	for (guint w = l->first; w < l->first + l->n; w++) {
		ocr_word wd = g_array_index(src->words, ocr_word, w);
		g_array_append_vals(dst->symbols,
				    &g_array_index(src->symbols, ocr_symbol,
						   wd.first),
				    wd.n);
		wd.first = dst->symbols->len - wd.n;
		g_array_append_val(dst->words, wd);
	}
	g_array_append_val(dst->lines, nl);
}

void ocr_page_append(ocr_page *dst, const ocr_page *src)
{
	for (guint i = 0; i < src->lines->len; i++)
		copy_line(dst, src, i);
}

/* Moves line from of page up to index to (< from), its words and symbols
 * with it; lines to .. from-1 follow it. */
static void move_line_up(ocr_page *page, guint from, guint to)
{
	ocr_page *moved = ocr_page_new(page->width, page->height);

	for (guint i = 0; i < page->lines->len; i++)
		copy_line(moved, page,
			  i < to || i > from ? i : i == to ? from : i - 1);
	GArray *t;
	t = page->symbols, page->symbols = moved->symbols, moved->symbols = t;
	t = page->words, page->words = moved->words, moved->words = t;
	t = page->lines, page->lines = moved->lines, moved->lines = t;
	ocr_page_free(moved);
}

void join_split_lines(ocr_page *page)
{
	/* lines skipped so far after line i: each join skips its own */
	guint skipped = 0;

	for (guint i = 0; i + 1 < page->lines->len;) {
		guint last = MIN(page->lines->len - 1,
				 i + 1 + skipped + JOIN_SKIP), j;
		for (j = i + 1 + skipped;
		     j <= last && !line_goes_on(page, i, j, true);)
			j++;
		if (j > last) {
			/* the piece before line i, read after it */
			guint k = i + 1 + skipped;
			while (k <= last && !line_goes_on(page, k, i, true))
				k++;
			if (k <= last) {
				move_line_up(page, k, i);
				j = i + 1;
				skipped = k - (i + 1);
			}
		}
		if (j > last && !skipped && line_goes_on(page, i, i + 1, false))
			j = i + 1;
		if (j > last) {
			i++;
			skipped = 0;
			continue;
		}
		if (j > i + 1) {
			move_line_up(page, j, i + 1);
			skipped = j - (i + 1);
		}
		ocr_line *a = &g_array_index(page->lines, ocr_line, i);
		const ocr_line *b = &g_array_index(page->lines, ocr_line, i + 1);
		a->n += b->n;
		a->box = rect_union(a->box, b->box);
		g_array_remove_index(page->lines, i + 1);
	}
}

/* Returns true for a character of the Thai block (U+0E00 to U+0E7F,
 * Unicode 15 chart "Thai"). */
static bool is_thai(gunichar c)
{
	return c >= 0x0E00 && c <= 0x0E7F;
}

/* Returns true when a symbol of line i is in the Thai block. */
static bool line_has_thai(const ocr_page *page, guint i)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, i);

	for (guint w = l->first; w < l->first + l->n; w++) {
		const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
		for (guint k = wd->first; k < wd->first + wd->n; k++) {
			gunichar c = g_utf8_get_char_validated(
				g_array_index(page->symbols, ocr_symbol, k).text, -1);
			if (is_thai(c))
				return true;
		}
	}
	return false;
}

/* A Thai line's number is read again on its own, in English: eng+tha
 * read the first digit of a Thai ID "4 0091 00233 21 1" as the Thai word
 * "รู," (confidence 32, as tall as the digits), the recogniser found the 12
 * digits after it and the "4" stayed readable; the English re-read of
 * the whole line came back as noise, its box 135 px tall on a tilted
 * photo, holding pieces of the lines above and below (photo_th seed
 * 839797532, turned 90). The run is the line's words of NUMBER_DIGITS
 * digits or more, from the first to the last, and the words on either
 * side of them at least NUMBER_HEIGHT as tall as the tallest of them
 * (the digits of one number are printed at one size; the Thai caption
 * before it stood at a third of their height). Of that re-read only
 * words tesseract gives NUMBER_CONF or more are kept: a caption of Han
 * glyphs eng+tha read as Thai came back as a false passport number at
 * 20 to 50 (hard_tw_01). */
#define NUMBER_HEIGHT 0.6
#define NUMBER_CONF 50.0f

/* A word of the English re-read is taken for a reading of Thai glyphs
 * when tesseract gives it under REREAD_MIN_CONF, or when half its width
 * or more lies over symbols the Thai reading of its line read as Thai at
 * THAI_SURE or better. A Thai card's title re-read in English came back
 * "uAsil 5291021) 1%" (confidences 40, 44, 26) over Thai read at 85 to
 * 97, and the recognisers masked a false hk_id over the title. Measured
 * on the samples' re-reads: words of Thai glyphs scored 0 to 44, words of
 * real digits 44 to 97, so confidence alone cannot part them; where they
 * lie can. A line of Latin text the Thai model claimed is read as Thai
 * with low confidence, so its re-read stays. */
#define REREAD_MIN_CONF 20.0f
#define THAI_SURE 80.0f
/* Digits the Thai reading itself read under a re-read word that make it
 * a number, whatever the Thai around them: eng+tha read T2609781E as
 * "ๆ ซอ ท ว 7 ร 18", each Thai glyph at 89 to 99, and the English re-read
 * "T2609761E" lay over them (fresh property seed 1293331922, 300 dpi);
 * a title in Thai has no digits among its glyphs. */
#define REREAD_DIGITS 2
/* Nor is a re-read word that itself reads REREAD_NUMBER_DIGITS digits or
 * more at NUMBER_CONF or better, unless the Thai words under it are
 * surer than both it and THAI_SURE (conf_under()): the two readings
 * disagree, and the number is kept unless the Thai one is the surer. A
 * Singapore card's bold "S1949020C", photographed turned and askew (12.8
 * degrees), came back from eng+tha as the Thai words "ร ใจ ส ก" at 81,
 * 60, 78 and 36 (69 along the number; their symbols sure), no digit among
 * them; the English re-read "§4949Q20C" at 73 was dropped over them and
 * the number was left wholly readable (photo_sg seed 1063058881, a fresh
 * seed of check_api's unevenly_lit_photo_is_read). Measured on fresh
 * sweeps (400 th_card pages, 36 photo_th, hard_th and plain_th, 150
 * passport pages, the 52 samples): Thai text re-read with four digits or
 * more came back at 0 to 65, the Thai under it at 84 to 97; kept on
 * confidence alone, a Thai card's title ("52916291)" at 65) and a Thai
 * name ("499041" at 56) became a false hk_id and passport. */
#define REREAD_NUMBER_DIGITS 4

/* ASCII or Thai digits (Unicode chart "Thai"). */
static bool is_digit(gunichar c)
{
	return (c >= '0' && c <= '9') || (c >= 0x0E50 && c <= 0x0E59);
}

/* Returns how many of syms[first..first+n) are digits. */
static int symbol_digits(const GArray *syms, guint first, guint n)
{
	int digits = 0;

	for (guint k = first; k < first + n; k++)
		digits += is_digit(g_utf8_get_char_validated(
			g_array_index(syms, ocr_symbol, k).text, -1));
	return digits;
}

static bool over_sure_thai(const ocr_page *page, guint line, idr_rect box)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, line);
	int covered = 0, digits = 0;

	for (guint w = l->first; w < l->first + l->n; w++) {
		const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
		for (guint k = wd->first; k < wd->first + wd->n; k++) {
			const ocr_symbol *sym =
				&g_array_index(page->symbols, ocr_symbol, k);
			gunichar c = g_utf8_get_char_validated(sym->text, -1);
			int x0 = MAX(box.x, sym->box.x);
			int x1 = MIN(box.x + box.w, sym->box.x + sym->box.w);
			int cx = sym->box.x + sym->box.w / 2;
			if (cx >= box.x && cx < box.x + box.w && is_digit(c))
				digits++;
			if (!is_thai(c) || sym->conf < THAI_SURE)
				continue;
			covered += MAX(0, x1 - x0);
		}
	}
	return 2 * covered >= box.w && digits < REREAD_DIGITS;
}

/* A re-read word with two fillers side by side ("REYES<<RAHUL") is a
 * machine-readable zone's, whatever the Thai reading under it: '<' is
 * the zone's filler and "<<" parts the surname from the given names or
 * fills a field to its end (ICAO 9303 part 3, 4.6); Thai text has no
 * '<', and on the 52 samples, Thai cards among them, the rule changes no
 * finding. eng+tha read a TD1 card's name line as Thai glyphs at 82 to
 * 92 ("8ดธหธร<<ผเหบเ<<<<") and the English re-read "REYES<<RAHUL" at 89
 * was dropped as a reading of them, so the names the zone carries were
 * unknown and the visual zone's REYES stayed (rotation seed 236957965,
 * photo_td1_01 turned 270). Nor is it noise however low tesseract
 * scores it: a passport photo's name line came back from the re-read as
 * "P<THAJAIDEE<<SUDA<<<<<<<<<<<<c<<<<<cccccccc<" at 7, the fillers
 * misread, and dropped under REREAD_MIN_CONF the holder's names went
 * unmasked (fresh photo_passport seed 2606254375, 1 of 40 photos). */
static bool mrz_filler_word(const GArray *syms, guint first, guint n)
{
	for (guint k = 1; k < n; k++)
		if (!strcmp(g_array_index(syms, ocr_symbol, first + k - 1).text,
			    "<") &&
		    !strcmp(g_array_index(syms, ocr_symbol, first + k).text, "<"))
			return true;
	return false;
}

/* Returns the confidence of the words of line under box, each weighted
 * by how far along it lies under box, or 0 when none does. */
static float conf_under(const ocr_page *page, guint line, idr_rect box)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, line);
	double sum = 0, along = 0;

	for (guint w = l->first; w < l->first + l->n; w++) {
		const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
		int x0 = MAX(box.x, wd->box.x);
		int x1 = MIN(box.x + box.w, wd->box.x + wd->box.w);
		if (x1 > x0) {
			sum += (double)wd->conf * (x1 - x0);
			along += x1 - x0;
		}
	}
	return along > 0 ? (float)(sum / along) : 0;
}

/* Returns true when word, its symbols in syms from index s0 of page, is
 * a number over Thai line thai_line (see REREAD_NUMBER_DIGITS). */
static bool number_word(const ocr_page *page, guint thai_line,
			const GArray *syms, const ocr_word *word, guint s0)
{
	return symbol_digits(syms, word->first - s0, word->n) >=
		       REREAD_NUMBER_DIGITS &&
	       word->conf >= NUMBER_CONF &&
	       conf_under(page, thai_line, word->box) <
		       MAX(THAI_SURE, word->conf);
}

/* Removes from the lines from index first on (a re-read of Thai line
 * thai_line, the last lines of page) the words that read Thai glyphs
 * (see above: under min_conf, or over sure Thai and no number surer than
 * the Thai under it), but never an MRZ word
 * (mrz_filler_word(), at any confidence); a line left empty goes too. */
void drop_thai_glyph_words(ocr_page *page, guint thai_line, guint first,
			   float min_conf)
{
	if (first >= page->lines->len)
		return;
	const ocr_line *fl = &g_array_index(page->lines, ocr_line, first);
	guint w0 = fl->first;
	guint s0 = g_array_index(page->words, ocr_word, w0).first;
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(ocr_line));
	GArray *words = g_array_new(FALSE, FALSE, sizeof(ocr_word));
	GArray *syms = g_array_new(FALSE, FALSE, sizeof(ocr_symbol));

	/* The re-read's tail, copied out and put back word by word. */
	g_array_append_vals(lines, &g_array_index(page->lines, ocr_line, first),
			    page->lines->len - first);
	g_array_append_vals(words, &g_array_index(page->words, ocr_word, w0),
			    page->words->len - w0);
	g_array_append_vals(syms, &g_array_index(page->symbols, ocr_symbol, s0),
			    page->symbols->len - s0);
	g_array_set_size(page->lines, first);
	g_array_set_size(page->words, w0);
	g_array_set_size(page->symbols, s0);
	for (guint i = 0; i < lines->len; i++) {
		ocr_line line = g_array_index(lines, ocr_line, i);
		ocr_line kept = { page->words->len, 0, line.box };
		for (guint w = line.first; w < line.first + line.n; w++) {
			ocr_word word = g_array_index(words, ocr_word, w - w0);
			if ((word.conf < min_conf ||
			     (over_sure_thai(page, thai_line, word.box) &&
			      !number_word(page, thai_line, syms, &word,
					   s0))) &&
			    !mrz_filler_word(syms, word.first - s0, word.n))
				continue;
			ocr_word moved = { page->symbols->len, word.n, word.box,
					   word.conf };
			g_array_append_vals(page->symbols,
					    &g_array_index(syms, ocr_symbol,
							   word.first - s0),
					    word.n);
			g_array_append_val(page->words, moved);
			kept.n++;
		}
		if (kept.n)
			g_array_append_val(page->lines, kept);
	}
	g_array_free(lines, TRUE);
	g_array_free(words, TRUE);
	g_array_free(syms, TRUE);
}

/* A line is doubtful when its words' mean confidence is under
 * DOUBTFUL_LINE_CONF and DOUBTFUL_LINE_DIGITS of its symbols or more are
 * digits: a number may be in it. eng+tha's sparse reading of a whole
 * page lost a legible passport number beside its smaller caption ("ID
 * No. JE7777867" came back "Ip Noy JE 71 (607", words at 0 to 32) at
 * one scale and read it right at another 2 % off, while the line read
 * alone came back right at every scale (property pages, seed
 * 1350548883): tesseract's page segmentation, not the glyphs, failed.
 * The bounds are not tuned on a measured spread of confidences; on the
 * 52 samples the extra readings cost nothing measurable (farm-bench).
 *
 * So is a line read as noise, digits or not: its words' mean confidence
 * under NOISE_LINE_CONF, NOISE_LINE_SYMBOLS symbols or more. A passport
 * page photographed turned and in perspective on a fabric desk had its
 * small red "SV8840414" read "SVasaoala" at 0, no digit in it, too far
 * from the number its MRZ carries for docno_find(), and the number was
 * left wholly readable (photo_passport, fresh seed 343894699, turned
 * 270); read alone in English it comes back "SVB840414". On the 52
 * samples no report changes, and on twelve of them with Han, Hangul or
 * passport pages the text path took 17.6 s with the rule and without. */
#define DOUBTFUL_LINE_CONF 50.0f
#define DOUBTFUL_LINE_DIGITS 2
#define NOISE_LINE_CONF 10.0f
#define NOISE_LINE_SYMBOLS 6

bool ocr_line_doubtful(const ocr_page *page, guint i)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, i);
	float sum = 0;
	int digits = 0, symbols = 0;

	for (guint w = l->first; w < l->first + l->n; w++) {
		const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
		sum += wd->conf;
		symbols += (int)wd->n;
		for (guint k = wd->first; k < wd->first + wd->n; k++) {
			char c = g_array_index(page->symbols, ocr_symbol,
					       k).text[0];
			digits += c >= '0' && c <= '9';
		}
	}
	return l->n > 0 && ((sum < DOUBTFUL_LINE_CONF * (float)l->n &&
			     digits >= DOUBTFUL_LINE_DIGITS) ||
			    (sum < NOISE_LINE_CONF * (float)l->n &&
			     symbols >= NOISE_LINE_SYMBOLS));
}

/* A word with NUMBER_DIGITS digits or more is part of a number. */
#define NUMBER_DIGITS 2

static int word_digits(const ocr_page *page, const ocr_word *wd)
{
	return symbol_digits(page->symbols, wd->first, wd->n);
}

bool ocr_number_run(const ocr_page *page, guint line, idr_rect *box)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, line);
	const ocr_word *words = &g_array_index(page->words, ocr_word, l->first);
	guint lo = l->n, hi = 0;
	int tall = 0;

	for (guint w = 0; w < l->n; w++)
		if (word_digits(page, &words[w]) >= NUMBER_DIGITS) {
			lo = MIN(lo, w);
			hi = w;
			tall = MAX(tall, words[w].box.h);
		}
	if (lo == l->n)
		return false;
	while (lo > 0 && words[lo - 1].box.h >= NUMBER_HEIGHT * tall)
		lo--;
	while (hi + 1 < l->n && words[hi + 1].box.h >= NUMBER_HEIGHT * tall)
		hi++;
	if (lo == 0 && hi + 1 == l->n)
		return false;
	*box = words[lo].box;
	for (guint w = lo + 1; w <= hi; w++)
		*box = rect_union(*box, words[w].box);
	return true;
}

/* With eng+tha, the Thai model sometimes claims a line of Latin letters
 * and digits: a legible "S1208081F" at 400 dpi came back as "ๆ 0 IE",
 * which no recogniser can find. So each line that came back with Thai in
 * it, or doubtful (see above), is read again alone by an English-only
 * engine and the second reading is added to the page as a line of its
 * own; the recognisers see both. Costs one small single-line pass per
 * such line. */
/* Reads box b of line (a quarter of its height more all round) again
 * with the English engine, its image set already, and appends the words
 * of that reading that are not Thai glyphs (drop_thai_glyph_words(),
 * under min_conf) to page. */
static void reread_box(ocr_engine *eng, VipsImage *grey, ocr_page *page,
		       guint line, idr_rect b, float min_conf)
{
	guint first = page->lines->len;

	b = rect_pad_clip(b, MAX(2, b.h / 4), grey->Xsize, grey->Ysize);
	if (b.w > 0 && b.h > 0 && read_rect(eng->latin, b, page))
		drop_thai_glyph_words(page, line, first, min_conf);
}

static void reread_lines(ocr_engine *eng, VipsImage *grey, ocr_page *page)
{
	guint lines = page->lines->len;

	TessBaseAPISetImage(eng->latin, grey_pixels(grey), grey->Xsize,
			    grey->Ysize, 1, VIPS_IMAGE_SIZEOF_LINE(grey));
	TessBaseAPISetSourceResolution(eng->latin, 300);
	for (guint i = 0; i < lines; i++) {
		bool thai = line_has_thai(page, i);
		idr_rect run;
		if (!thai && !ocr_line_doubtful(page, i))
			continue;
		reread_box(eng, grey, page, i,
			   g_array_index(page->lines, ocr_line, i).box,
			   REREAD_MIN_CONF);
		if (thai && ocr_number_run(page, i, &run))
			reread_box(eng, grey, page, i, run, NUMBER_CONF);
	}
	TessBaseAPIClear(eng->latin);
}

/* Recognises grey with api into a new page (*out), thresholded at one
 * level (Otsu's) or, local, by neighbourhood (Sauvola's: tesseract's
 * "thresholding_method" 2, tesseract 5 ImageThresholder); the deadline
 * holds. */
static idr_status recognise(ocr_engine *eng, TessBaseAPI *api, VipsImage *grey,
			    bool local, ocr_page **out, idr_error *err)
{
	TessResultIterator *ri = NULL;
	ETEXT_DESC *monitor = NULL;
	ocr_page *page = ocr_page_new(grey->Xsize, grey->Ysize);
	idr_status st = IDR_OK;

	TessBaseAPISetVariable(api, "thresholding_method", local ? "2" : "0");
	TessBaseAPISetImage(api, grey_pixels(grey), grey->Xsize,
			    grey->Ysize, 1, VIPS_IMAGE_SIZEOF_LINE(grey));
	/* The caller scales pages so body text is ~300 dpi sized. */
	TessBaseAPISetSourceResolution(api, 300);
	/* tesseract's progress monitor stops recognition at a deadline
	 * (capi.h: TessMonitorSetDeadlineMSecs); a page cut short is
	 * thrown away, never used. */
	if (eng->deadline) {
		gint64 left_ms = (eng->deadline - g_get_monotonic_time()) / 1000;
		monitor = TessMonitorCreate();
		TessMonitorSetDeadlineMSecs(monitor, (int)CLAMP(left_ms, 1, G_MAXINT));
	}
	int r = past_deadline(eng) ? -1 : TessBaseAPIRecognize(api, monitor);
	if (past_deadline(eng)) {
		st = idr_fail(err, IDR_ERR_TIMEOUT, "time limit exceeded during OCR");
		goto out;
	}
	if (r != 0) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "OCR failed");
		goto out;
	}
	if ((ri = TessBaseAPIGetIterator(api)))
		append_reading(ri, page);
	join_split_lines(page);
	page->binary = TessBaseAPIGetThresholdedImage(api);
	*out = page;
	page = NULL;
out:
	if (ri)
		TessResultIteratorDelete(ri);
	if (monitor)
		TessMonitorDelete(monitor);
	TessBaseAPIClear(api);
	ocr_page_free(page);
	return st;
}

idr_status ocr_read(ocr_engine *eng, VipsImage *grey, bool local, bool latin,
		    ocr_page **out, idr_error *err)
{
	ocr_page *page = NULL;
	gint64 t0 = g_get_monotonic_time();
	TessBaseAPI *api = latin && eng->latin_pages ? eng->latin : eng->text;

	/* the English reader reads single lines between pages */
	if (api == eng->latin)
		TessBaseAPISetPageSegMode(api, PSM_SPARSE_TEXT);
	idr_status st = recognise(eng, api, grey, local, &page, err);
	if (api == eng->latin)
		TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);

	spent(eng, OCR_PASS_PAGE, t0);
	if (st)
		return st;
	t0 = g_get_monotonic_time();
	if (eng->latin)
		reread_lines(eng, grey, page);
	spent(eng, OCR_PASS_LINES, t0);
	if (past_deadline(eng)) {
		ocr_page_free(page);
		return idr_fail(err, IDR_ERR_TIMEOUT, "time limit exceeded during OCR");
	}
	*out = page;
	return IDR_OK;
}

/* A window one box height square is dark when at least DARK_SHARE of
 * its thresholded pixels are black: glyphs leave white between their
 * strokes, while text the threshold buried under its paper came out
 * 0.87-1.0 black in windows along the line (photo_sg seed 3921898704). */
#define DARK_SHARE 0.8

double ocr_dark_run(const ocr_page *page, idr_rect box)
{
	int side = box.h, run = 0, longest = 0;

	if (!page->binary || side <= 0)
		return 0;
	l_int32 *sums = makePixelSumTab8();
	/* Windows half a height apart: a run of k dark windows spans
	 * (k + 1) / 2 heights. */
	for (int x = box.x; x + side <= box.x + box.w; x += MAX(1, side / 2)) {
		BOX *w = boxCreate(x, box.y, side, side);
		l_int32 black = 0;
		bool dark = w && !pixCountPixelsInRect(page->binary, w, &black,
						       sums) &&
			    black >= DARK_SHARE * side * side;
		run = dark ? run + 1 : 0;
		longest = MAX(longest, run);
		boxDestroy(&w);
	}
	LEPT_FREE(sums);
	return longest ? (longest + 1) / 2.0 : 0;
}

double ocr_black_share(const ocr_page *page, idr_rect box)
{
	l_int32 black = 0;

	if (!page->binary || box.w <= 0 || box.h <= 0)
		return -1;
	BOX *b = boxCreate(box.x, box.y, box.w, box.h);
	bool ok = b && !pixCountPixelsInRect(page->binary, b, &black, NULL);
	boxDestroy(&b);
	return ok ? (double)black / ((double)box.w * box.h) : -1;
}

int ocr_specks(const ocr_page *page, idr_rect box, int side)
{
	BOX *b = boxCreate(box.x, box.y, box.w, box.h);
	PIX *clip = b && page->binary ? pixClipRectangle(page->binary, b,
							  NULL)
				      : NULL;
	BOXA *parts = clip ? pixConnCompBB(clip, 8) : NULL;
	int specks = 0;

	for (l_int32 i = 0; parts && i < boxaGetCount(parts); i++) {
		l_int32 x, y, w, h;
		if (!boxaGetBoxGeometry(parts, i, &x, &y, &w, &h) && w <= side &&
		    h <= side)
			specks++;
	}
	boxaDestroy(&parts);
	pixDestroy(&clip);
	boxDestroy(&b);
	return specks;
}

/* Clips every symbol's box to its line's. In the LSTM readings of
 * Chinese and Japanese, tesseract's symbol and word boxes are
 * approximate: on a Taiwanese card chi_tra gave "劉" a box over both
 * characters of the name, and "生" one reaching from its caption into
 * the value line under it, while the lines' boxes were right (measured
 * on the samples' chi_tra reading); masks are built from symbol boxes. */
static void clip_symbols_to_lines(ocr_page *page)
{
	for (guint i = 0; i < page->lines->len; i++) {
		const ocr_line *l = &g_array_index(page->lines, ocr_line, i);
		idr_rect lb = l->box;
		for (guint w = l->first; w < l->first + l->n; w++) {
			const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
			for (guint k = wd->first; k < wd->first + wd->n; k++) {
				idr_rect *b = &g_array_index(page->symbols,
							     ocr_symbol, k).box;
				int x0 = MAX(b->x, lb.x), y0 = MAX(b->y, lb.y);
				int x1 = MIN(b->x + b->w, lb.x + lb.w);
				int y1 = MIN(b->y + b->h, lb.y + lb.h);
				if (x1 > x0 && y1 > y0)
					*b = (idr_rect){ x0, y0, x1 - x0, y1 - y0 };
			}
		}
	}
}

idr_status ocr_read_as(ocr_engine *eng, VipsImage *grey, const char *lang,
		       ocr_page **out, idr_error *err)
{
	TessBaseAPI *api;

	if (!eng->readers)
		eng->readers = g_hash_table_new_full(g_str_hash, g_str_equal,
						     g_free, tess_free);
	/* Loaded on first use: most pages never need one, and each model is
	 * checked against its SHA-256 before it is loaded. */
	if (!(api = g_hash_table_lookup(eng->readers, lang))) {
		char *file = g_strdup_printf("%s/%s.traineddata", eng->tessdata,
					     lang);
		idr_status st = models_verify(file, err);
		g_free(file);
		if (st)
			return st;
		if (!(api = tess_new(eng->tessdata, lang)))
			return idr_fail(err, IDR_ERR_MODEL,
					"cannot load OCR language '%s' from %s",
					lang, eng->tessdata);
		TessBaseAPISetPageSegMode(api, PSM_AUTO);
		g_hash_table_insert(eng->readers, g_strdup(lang), api);
	}
	gint64 t0 = g_get_monotonic_time();
	idr_status st = recognise(eng, api, grey, false, out, err);
	spent(eng, OCR_PASS_LANGUAGE, t0);
	if (!st)
		clip_symbols_to_lines(*out);
	return st;
}

/* Maps a box of an image enlarged by scale from grey's box at (x, y)
 * back to grey's pixels (the bounding box: never smaller). */
static idr_rect box_back(idr_rect b, double scale, int x, int y)
{
	int x0 = (int)floor(b.x / scale), y0 = (int)floor(b.y / scale);
	int x1 = (int)ceil((b.x + b.w) / scale), y1 = (int)ceil((b.y + b.h) / scale);

	return (idr_rect){ x + x0, y + y0, x1 - x0, y1 - y0 };
}

/* Reads box b of grey with api, cut out and enlarged by scale first,
 * and appends the reading to page, its boxes mapped back to grey's. */
static void read_rect_enlarged(TessBaseAPI *api, VipsImage *grey, idr_rect b,
			       double scale, ocr_page *page)
{
	VipsImage *crop = NULL, *big = NULL, *mem = NULL;

	if (vips_extract_area(grey, &crop, b.x, b.y, b.w, b.h, NULL) ||
	    vips_resize(crop, &big, scale, NULL) ||
	    !(mem = vips_image_copy_memory(big))) {
		vips_error_clear();
	} else {
		ocr_page *read = ocr_page_new(mem->Xsize, mem->Ysize);
		idr_rect all = { 0, 0, mem->Xsize, mem->Ysize };
		TessBaseAPISetImage(api, grey_pixels(mem), mem->Xsize,
				    mem->Ysize, 1, VIPS_IMAGE_SIZEOF_LINE(mem));
		TessBaseAPISetSourceResolution(api, 300);
		if (read_rect(api, all, read)) {
			for (guint k = 0; k < read->symbols->len; k++) {
				ocr_symbol *s = &g_array_index(read->symbols,
							       ocr_symbol, k);
				s->box = box_back(s->box, scale, b.x, b.y);
			}
			for (guint k = 0; k < read->words->len; k++) {
				ocr_word *w = &g_array_index(read->words,
							     ocr_word, k);
				w->box = box_back(w->box, scale, b.x, b.y);
			}
			for (guint k = 0; k < read->lines->len; k++) {
				ocr_line *l = &g_array_index(read->lines,
							     ocr_line, k);
				l->box = box_back(l->box, scale, b.x, b.y);
			}
			ocr_page_append(page, read);
		}
		ocr_page_free(read);
	}
	IDR_UNREF(crop);
	IDR_UNREF(big);
	IDR_UNREF(mem);
}

void ocr_read_boxes(ocr_engine *eng, VipsImage *grey, const idr_rect *boxes,
		    int n, double scale, ocr_page *page)
{
	TessBaseAPI *api = eng->latin ? eng->latin : eng->text;
	TessPageSegMode mode = TessBaseAPIGetPageSegMode(api);
	bool enlarged = fabs(scale - 1) > 1e-3;

	if (n <= 0)
		return;
	gint64 t0 = g_get_monotonic_time();
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	if (!enlarged) {
		TessBaseAPISetImage(api, grey_pixels(grey), grey->Xsize,
				    grey->Ysize, 1, VIPS_IMAGE_SIZEOF_LINE(grey));
		TessBaseAPISetSourceResolution(api, 300);
	}
	for (int i = 0; i < n && !past_deadline(eng); i++) {
		idr_rect b = rect_pad_clip(boxes[i], 0, grey->Xsize, grey->Ysize);
		if (b.w <= 0 || b.h <= 0)
			continue;
		if (enlarged)
			read_rect_enlarged(api, grey, b, scale, page);
		else
			read_rect(api, b, page);
	}
	TessBaseAPISetPageSegMode(api, mode);
	TessBaseAPIClear(api);
	spent(eng, OCR_PASS_UNREAD, t0);
}

/* A line read as Thai: THAI_SEEN Thai characters or more, each read
 * with confidence THAI_SEEN_CONF or more (0..100), in words of which
 * THAI_WORD_TENTHS tenths or more are Thai. The Thai model reads
 * Chinese characters and Hangul as Thai too, as sure as real Thai
 * (93-99 on the samples' CN, TW, JP and KR card lines), but mostly
 * mixed with digits and Latin letters in one word; a Thai caption or
 * name comes back as words of Thai ("No./เลขประจํา": 9 of 13). */
#define THAI_SEEN 3
#define THAI_WORD_TENTHS 6
#define THAI_SEEN_CONF 50.0f

bool ocr_boxes_thai(ocr_engine *eng, VipsImage *grey, const idr_rect *boxes,
		    int n)
{
	TessBaseAPI *api = eng->text;
	TessPageSegMode mode = TessBaseAPIGetPageSegMode(api);
	ocr_page *page = ocr_page_new(grey->Xsize, grey->Ysize);
	bool thai = false;

	/* English alone never reads a page: nothing to tell. */
	if (!eng->latin_pages || n <= 0) {
		ocr_page_free(page);
		return false;
	}
	gint64 t0 = g_get_monotonic_time();
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetVariable(api, "thresholding_method", "0");
	TessBaseAPISetImage(api, grey_pixels(grey), grey->Xsize, grey->Ysize,
			    1, VIPS_IMAGE_SIZEOF_LINE(grey));
	TessBaseAPISetSourceResolution(api, 300);
	for (int i = 0; i < n && !thai && !past_deadline(eng); i++) {
		idr_rect b = rect_pad_clip(boxes[i], 0, grey->Xsize, grey->Ysize);
		guint first = page->words->len;
		int seen = 0;
		if (b.w <= 0 || b.h <= 0)
			continue;
		if (!read_rect(api, b, page)) {
			thai = true; /* unread: the reading that reads both */
			break;
		}
		for (guint w = first; w < page->words->len; w++) {
			const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
			int in_thai = 0, sure = 0;
			for (guint k = wd->first; k < wd->first + wd->n; k++) {
				const ocr_symbol *sym = &g_array_index(page->symbols,
								       ocr_symbol, k);
				gunichar c = g_utf8_get_char_validated(sym->text, -1);
				bool t = is_thai(c);
				in_thai += t;
				sure += t && sym->conf >= THAI_SEEN_CONF;
			}
			if (in_thai * 10 >= THAI_WORD_TENTHS * (int)wd->n)
				seen += sure;
		}
		thai = seen >= THAI_SEEN;
	}
	TessBaseAPISetPageSegMode(api, mode);
	TessBaseAPIClear(api);
	ocr_page_free(page);
	spent(eng, OCR_PASS_THAI, t0);
	return thai;
}

idr_status ocr_read_line(ocr_engine *eng, VipsImage *grey, ocr_line_read *out,
			 idr_error *err)
{
	/* The English engine where there is one: a third of the cost of
	 * eng+tha per line, and upside down Thai reads as garbage to both. */
	TessBaseAPI *api = eng->latin ? eng->latin : eng->text;
	TessPageSegMode mode = TessBaseAPIGetPageSegMode(api);
	TessResultIterator *ri = NULL;
	double sum = 0;
	int n = 0;

	*out = (ocr_line_read){ 0 };
	if (past_deadline(eng))
		return idr_fail(err, IDR_ERR_TIMEOUT, "time limit exceeded during OCR");
	/* One line, so the layout analysis cannot split it or drop it. */
	gint64 t0 = g_get_monotonic_time();
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetImage(api, grey_pixels(grey), grey->Xsize, grey->Ysize, 1,
			    VIPS_IMAGE_SIZEOF_LINE(grey));
	TessBaseAPISetSourceResolution(api, 300);
	if (TessBaseAPIRecognize(api, NULL) != 0) {
		TessBaseAPISetPageSegMode(api, mode);
		TessBaseAPIClear(api);
		return idr_fail(err, IDR_ERR_INTERNAL, "OCR of a line failed");
	}
	/* Word confidences, weighted by length: the symbols of a line read
	 * upside down come back nearly as sure as the right way up (capital
	 * letters and digits turn into other capitals and digits), but
	 * tesseract's word confidence, which weighs the whole word, drops
	 * (MyKad line "WARGANEGARA": symbols 99 and 96, words 90 and 12). */
	if ((ri = TessBaseAPIGetIterator(api))) {
		do {
			char *text = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
			if (!text)
				continue;
			int len = (int)g_utf8_strlen(text, -1);
			for (const char *p = text; *p; p = g_utf8_next_char(p)) {
				gunichar c = g_utf8_get_char(p);
				out->fillers += is_chevron(c);
				out->turned += is_chevron_turned(c);
			}
			TessDeleteText(text);
			sum += (double)TessResultIteratorConfidence(ri, RIL_WORD) * len;
			n += len;
		} while (TessResultIteratorNext(ri, RIL_WORD));
		TessResultIteratorDelete(ri);
	}
	TessBaseAPISetPageSegMode(api, mode);
	TessBaseAPIClear(api);
	spent(eng, OCR_PASS_ORIENT, t0);
	out->conf = n ? (float)(sum / n) : 0;
	out->chars = n;
	return IDR_OK;
}

double ocr_page_confidence(const ocr_page *page)
{
	double sum = 0;
	int n = 0;

	for (guint i = 0; i < page->words->len; i++) {
		const ocr_word *w = &g_array_index(page->words, ocr_word, i);
		if (w->n < 2)
			continue;
		sum += (double)w->conf * w->n;
		n += (int)w->n;
	}
	return n ? sum / n : 0;
}
