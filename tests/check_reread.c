/* check_reread.c — which words of an English re-read of a line eng+tha
 * read with Thai in it are kept (filter/text/ocr.c,
 * drop_thai_glyph_words()), and which lines tesseract split are joined
 * again (join_split_lines()). Pages are made by hand: line 0 the Thai
 * reading, line 1 the re-read appended after it; for the join, pieces of
 * one line of print read as lines of their own. */
#include <string.h>

#include <check.h>

#include "internal.h"

#include "seed.h"

/* A word of one symbol per byte of text (or per UTF-8 character), each
 * 20 px wide from x, at confidence conf; appended as a line of its own
 * when line is NULL, else to line. */
static void add_word(ocr_page *page, ocr_line *line, const char *text,
		     int x, float conf)
{
	ocr_word w = { page->symbols->len, 0, { x, 100, 0, 40 }, conf };
	for (const char *c = text; *c; c = g_utf8_next_char(c)) {
		ocr_symbol s = { "", { x + 20 * (int)w.n, 100, 18, 40 }, 90 };
		memcpy(s.text, c, g_utf8_next_char(c) - c);
		g_array_append_val(page->symbols, s);
		w.n++;
	}
	w.box.w = 20 * (int)w.n;
	g_array_append_val(page->words, w);
	line->n++;
	line->box = line->n == 1 ? w.box : rect_union(line->box, w.box);
}

static ocr_page *page_new(void)
{
	return ocr_page_new(1000, 300);
}

/* Returns the words left in the re-read (line 1 on) after the drop:
 * the Thai reading thai, each of its words at x (a list of words, " "
 * apart, 20 px a symbol, each word at confidence thai_conf and each
 * symbol at 90), then the re-read word reread at x 100 at confidence
 * conf. */
static int kept_over(const char *thai, float thai_conf, const char *reread,
		     float conf)
{
	ocr_page *page = page_new();
	ocr_line l0 = { 0, 0, { 0, 0, 0, 0 } };
	gchar **words = g_strsplit(thai, " ", -1);
	int x = 100;
	for (int i = 0; words[i]; i++) {
		add_word(page, &l0, words[i], x, thai_conf);
		x += 20 * (int)g_utf8_strlen(words[i], -1);
	}
	g_strfreev(words);
	g_array_append_val(page->lines, l0);
	ocr_line l1 = { page->words->len, 0, { 0, 0, 0, 0 } };
	add_word(page, &l1, reread, 100, conf);
	g_array_append_val(page->lines, l1);
	drop_thai_glyph_words(page, 0, 1, 20.0f);
	int n = 0;
	for (guint i = 1; i < page->lines->len; i++)
		n += (int)g_array_index(page->lines, ocr_line, i).n;
	ocr_page_free(page);
	return n;
}

/* kept_over() with the Thai reading's words at 90. */
static int kept(const char *thai, const char *reread, float conf)
{
	return kept_over(thai, 90, reread, conf);
}

/* A Thai title the English engine read as letters and digits lies over
 * Thai glyphs the Thai model was sure of: dropped (it made a false hk_id
 * over a card's title). */
START_TEST(title_reread_dropped)
{
	ck_assert_int_eq(kept("บัตร ประจำ ตัว", "uAsil5291021", 44), 0);
}
END_TEST

/* A Latin number eng+tha read as Thai glyphs with digits among them
 * ("ๆ ซอ ท ว 7 ร 18" for T2609781E) is a number: its re-read stays. */
START_TEST(number_among_thai_kept)
{
	ck_assert_int_eq(kept("ๆ ซอ ท ว 7 ร 18", "T2609761E", 38), 1);
	/* one digit among them is not enough */
	ck_assert_int_eq(kept("ๆ ซอ ท ว ร ร 8", "T2609761E", 38), 0);
}
END_TEST

/* Under 20 the re-read is noise, digits or not. */
START_TEST(doubtful_reread_dropped)
{
	ck_assert_int_eq(kept("ๆ ซอ ท ว 7 ร 18", "T2609761E", 12), 0);
}
END_TEST

/* The class: a Latin number (a letter and six to twelve digits and a
 * letter, the first letter read as a lookalike now and then) that eng+tha
 * read wholly as Thai glyphs, no digit among them, each symbol sure but
 * the words doubtful, re-read in English with four digits or more at 50
 * or better: the re-read is the number, kept (photo_sg seed 1063058881:
 * "S1949020C" read "ร ใจ ส ก" at 81, 60, 78 and 36, its re-read
 * "§4949Q20C" at 73 dropped, the number left readable). Kept when the
 * Thai words under it are under 80 or under the re-read; dropped when
 * they are surer than both: a Thai card's title re-read as "52916291)"
 * at 65 over Thai at 94, a name "วรรณา" as "499041" at 56 over Thai at 97
 * (fresh th_card and passport sweeps). Dropped too under 50, or with three
 * digits or fewer. Fresh seed each run: 200 cases. */
START_TEST(number_over_thai_kept)
{
	static const char *const thai[] = { "ก", "ด", "ส", "ห", "ร", "ใ", "จ",
					    "บ", "เ", "ไ", "ว", "น", "ล", "ม" };
	static const char *const first[] = { "S", "§", "$", "T", "G", "M" };
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x4e554d42);

	for (int c = 0; c < 200; c++) {
		GString *number = g_string_new(
			first[g_rand_int_range(rng, 0, G_N_ELEMENTS(first))]);
		int digits = g_rand_int_range(rng, 6, 13);
		for (int k = 0; k < digits; k++)
			g_string_append_c(number,
					  (char)('0' + g_rand_int_range(rng, 0, 10)));
		g_string_append_c(number, (char)('A' + g_rand_int_range(rng, 0, 26)));
		/* Thai glyphs under all of it, a word of one to three */
		GString *under = g_string_new(NULL);
		for (glong n = 0; n < g_utf8_strlen(number->str, -1);) {
			int glyphs = g_rand_int_range(rng, 1, 4);
			g_string_append(under, n ? " " : "");
			for (int k = 0; k < glyphs; k++, n++)
				g_string_append(under,
						thai[g_rand_int_range(rng, 0,
								      G_N_ELEMENTS(thai))]);
		}
		float conf = (float)g_rand_int_range(rng, 50, 100);
		float doubtful = (float)g_rand_int_range(rng, 30, 80);
		float below = (float)g_rand_int_range(rng, 30, (int)conf);
		float sure = (float)g_rand_int_range(rng, MAX(80, (int)conf),
						     100);
		char *why = g_strdup_printf(
			"seed %u case %d: re-read '%s' at %.0f over '%s'", seed,
			c, number->str, conf, under->str);
		ck_assert_msg(kept_over(under->str, doubtful, number->str,
					conf) == 1,
			      "%s at %.0f dropped; reproduce: IDR_TEST_SEED=%u "
			      "CK_RUN_SUITE=reread $BUILD/check_idredact", why,
			      doubtful, seed);
		ck_assert_msg(kept_over(under->str, below, number->str, conf) ==
				      1,
			      "%s at %.0f dropped", why, below);
		ck_assert_msg(kept_over(under->str, sure, number->str, conf) ==
				      0,
			      "%s at %.0f kept", why, sure);
		ck_assert_msg(kept_over(under->str, doubtful, number->str,
					(float)g_rand_int_range(rng, 20, 50)) ==
				      0,
			      "%s at %.0f kept under 50", why, doubtful);
		/* three digits left of the number: a title's reading */
		char *few = g_strdup(number->str);
		int left = 3;
		for (char *p = few; *p; p++)
			if (g_ascii_isdigit(*p) && left-- <= 0)
				*p = 'U';
		ck_assert_msg(kept_over(under->str, doubtful, few, conf) == 0,
			      "%s: '%s' kept", why, few);
		g_free(few);
		g_free(why);
		g_string_free(under, TRUE);
		g_string_free(number, TRUE);
	}
	g_rand_free(rng);
}
END_TEST

/* The class: a line eng+tha read (1-4 words, 1-12 symbols each, letters
 * or digits) is doubtful, read again in English (ocr_line_doubtful()),
 * exactly when its words' mean confidence is under 50 with two digits or
 * more among its symbols (a number may be in it), or under 10 with six
 * symbols or more, digits or not: a passport's small red "SV8840414"
 * came back "SVasaoala" at 0 and was left readable (photo_passport seed
 * 343894699); read alone in English it is the number. Fresh seed each
 * run: 300 cases. */
START_TEST(doubtful_lines_found)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x44424c31);

	for (int c = 0; c < 300; c++) {
		ocr_page *page = page_new();
		ocr_line line = { 0, 0, { 0, 0, 0, 0 } };
		int words = g_rand_int_range(rng, 1, 5), symbols = 0;
		int digits = 0;
		float sum = 0;
		GString *text = g_string_new(NULL);
		for (int w = 0; w < words; w++) {
			int n = g_rand_int_range(rng, 1, 13);
			char word[13] = { 0 };
			for (int k = 0; k < n; k++) {
				bool digit = g_rand_int_range(rng, 0, 4) == 0;
				word[k] = digit ? (char)('0' + g_rand_int_range(rng, 0, 10))
					       : (char)('a' + g_rand_int_range(rng, 0, 26));
				digits += digit;
			}
			/* confidences round the bounds: 0-20 or 40-60 */
			float conf = (float)(g_rand_boolean(rng) ?
					     g_rand_double_range(rng, 0, 20) :
					     g_rand_double_range(rng, 40, 60));
			add_word(page, &line, word, 100 + 300 * w, conf);
			sum += conf;
			symbols += n;
			g_string_append_printf(text, " %s@%.1f", word, conf);
		}
		g_array_append_val(page->lines, line);
		float mean = sum / (float)words;
		bool want = (mean < 50 && digits >= 2) ||
			    (mean < 10 && symbols >= 6);
		ck_assert_msg(ocr_line_doubtful(page, 0) == want,
			      "seed %u case %d: line%s (mean %.1f, %d digits, "
			      "%d symbols) doubtful should be %d; reproduce: "
			      "IDR_TEST_SEED=%u CK_RUN_SUITE=reread "
			      "$BUILD/check_idredact", seed, c, text->str, mean,
			      digits, symbols, want, seed);
		g_string_free(text, TRUE);
		ocr_page_free(page);
	}
	g_rand_free(rng);
}
END_TEST

/* The class: a zone's name line (ICAO 9303 part 3, 4.6: SURNAME<<GIVEN
 * <NAMES, '<' filling it to the end; TD1's 30 characters, TD2's 31 or
 * TD3's 39 after the header) that eng+tha read as Thai glyphs it was sure
 * of (80 to 99, no digits among them), re-read in English at any
 * confidence: the re-read is the names, kept whatever lies under it and
 * however low tesseract scored it (a passport photo's
 * "P<THAJAIDEE<<SUDA<<<<<<<<<<<<c<<<<<cccccccc<" came back at 7, was
 * dropped as noise, and the holder's names stayed readable:
 * photo_passport seed 2606254375). A word of the
 * re-read without two fillers side by side over the same Thai is still
 * dropped. Fresh seed each run: 200 cases. */
START_TEST(mrz_name_over_thai_kept)
{
	static const char *const thai[] = { "ก", "ด", "ธ", "ห", "ร", "ผ", "บ",
					    "เ", "ไ", "ว", "น", "ล", "ม" };
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x4d525a32);

	for (int c = 0; c < 200; c++) {
		int width = (int[]){ 30, 31, 39 }[g_rand_int_range(rng, 0, 3)];
		GString *field = g_string_new(NULL);
		int words = g_rand_int_range(rng, 2, 4);
		for (int w = 0; w < words; w++) {
			if (w)
				g_string_append(field, w == 1 ? "<<" : "<");
			int letters = g_rand_int_range(rng, 2, 12);
			for (int k = 0; k < letters; k++)
				g_string_append_c(field,
						  (char)('A' + g_rand_int_range(rng, 0, 26)));
		}
		while ((int)field->len < width)
			g_string_append_c(field, '<');
		g_string_truncate(field, (gsize)width);
		/* OCR drops and fuses fillers: the word as the re-read
		 * returns it ends anywhere from the names on */
		int end = (int)(strstr(field->str, "<<") - field->str) + 2;
		for (int k = end; k < width && field->str[k] != '<'; k++)
			end = k + 1;
		g_string_truncate(field,
				  (gsize)g_rand_int_range(rng, MIN(end + 1, width),
							  width + 1));
		/* Thai glyphs under all of it, one word each */
		GString *under = g_string_new(NULL);
		for (guint k = 0; k < field->len; k++)
			g_string_append_printf(under, "%s%s", k ? " " : "",
					       thai[g_rand_int_range(rng, 0,
								     G_N_ELEMENTS(thai))]);
		float conf = (float)g_rand_double_range(rng, 0, 99);
		ck_assert_msg(kept(under->str, field->str, conf) == 1,
			      "seed %u case %d: re-read '%s' at %.0f dropped; "
			      "reproduce: IDR_TEST_SEED=%u CK_RUN_SUITE=reread "
			      "$BUILD/check_idredact", seed, c, field->str,
			      conf, seed);
		/* the same letters without the fillers: a Thai reading */
		char *letters = g_strdup(field->str);
		for (char *p = letters; (p = strchr(p, '<'));)
			*p = 'C';
		ck_assert_msg(kept(under->str, letters, conf) == 0,
			      "seed %u case %d: re-read '%s' kept", seed, c,
			      letters);
		g_free(letters);
		g_string_free(under, TRUE);
		g_string_free(field, TRUE);
	}
	g_rand_free(rng);
}
END_TEST

/* Appends a line of one word: n symbols "8" of height h, each 0.6 h
 * wide and 0.1 h apart, from x on the row at y. Returns the x after it. */
static int add_piece(ocr_page *page, int n, int x, int y, int h)
{
	ocr_line l = { page->words->len, 1, { x, y, 0, h } };
	ocr_word w = { page->symbols->len, (guint)n, { x, y, 0, h }, 90 };
	int step = (int)(0.7 * h);

	for (int i = 0; i < n; i++) {
		ocr_symbol sym = { "8", { x + i * step, y, (int)(0.6 * h), h },
				   90 };
		g_array_append_val(page->symbols, sym);
	}
	w.box.w = (n - 1) * step + (int)(0.6 * h);
	l.box = w.box;
	g_array_append_val(page->words, w);
	g_array_append_val(page->lines, l);
	return x + w.box.w;
}

/* Sets the text of page's symbols from index first on to text. */
static void mark_from(ocr_page *page, guint first, const char *text)
{
	for (guint k = first; k < page->symbols->len; k++)
		g_strlcpy(g_array_index(page->symbols, ocr_symbol, k).text, text,
			  sizeof(((ocr_symbol *)NULL)->text));
}

/* The class: one line of print (a number) that tesseract's sparse
 * layout returned as 2 to 4 lines read one after the other, each piece
 * starting where the last ended (from a fifth of a height back to 0.45
 * of a height on) with a little jitter up or down, and before a piece
 * up to two specks read as lines of their own (a caption's foot just
 * above the row, a mark in the gap): joined into one line of all its
 * words. A piece a line of print lower where this one ends (the next
 * line), or 0.7 of a height or more along (the next field on the row),
 * stays out of it, and so does each speck. Fresh seed each run: 200
 * cases. */
START_TEST(split_line_joined)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);

	for (int c = 0; c < 200; c++) {
		ocr_page *page = page_new();
		int h = g_rand_int_range(rng, 14, 60);
		int pieces = g_rand_int_range(rng, 2, 5);
		int x = 50, y = 100, specks = 0;
		for (int k = 0; k < pieces; k++) {
			int gap = (int)(g_rand_double_range(rng, -0.2, 0.45) * h);
			int dy = (int)(g_rand_double_range(rng, -0.2, 0.2) * h);
			int before = k ? g_rand_int_range(rng, 0, 3) : 0;
			for (int m = 0; m < before; m++) {
				/* a speck a fifth of a height tall, just above
				 * the row or in the gap */
				int sh = MAX(2, h / 5);
				guint first = page->symbols->len;
				add_piece(page, g_rand_int_range(rng, 1, 3),
					  x + (int)(g_rand_double_range(rng, 0, 1) * h),
					  g_rand_boolean(rng) ? y - sh - 1 : y + h / 3,
					  sh);
				mark_from(page, first, ".");
				specks++;
			}
			x = add_piece(page, g_rand_int_range(rng, 1, 7),
				      k ? x + gap : x, y + (k ? dy : 0), h);
		}
		/* then a field further along the row, or a line a line of
		 * print lower starting where this one ends */
		bool below = g_rand_boolean(rng);
		guint field = page->symbols->len;
		add_piece(page, 5,
			  x + (int)(g_rand_double_range(rng, below ? 0 : 0.7,
							below ? 0.4 : 3) * h),
			  below ? y + (int)(g_rand_double_range(rng, 1.1, 2) * h) : y,
			  h);
		mark_from(page, field, "F");
		join_split_lines(page);
		const ocr_line *l0 = &g_array_index(page->lines, ocr_line, 0);
		GString *read = g_string_new(NULL);
		for (guint w = l0->first; w < l0->first + l0->n; w++) {
			const ocr_word *wd = &g_array_index(page->words,
							    ocr_word, w);
			for (guint k = wd->first; k < wd->first + wd->n; k++)
				g_string_append(read, g_array_index(page->symbols,
								    ocr_symbol,
								    k).text);
			g_string_append_c(read, ' ');
		}
		ck_assert_msg(l0->n == (guint)pieces &&
			      !strpbrk(read->str, ".F"),
			      "seed %u case %d: h %d, %d pieces and %d specks "
			      "then one %s: the first line reads '%s'",
			      seed, c, h, pieces, specks,
			      below ? "below" : "along the row", read->str);
		g_string_free(read, TRUE);
		ocr_page_free(page);
	}
	g_rand_free(rng);
}
END_TEST

/* Returns true when the words of line l run left to right. */
static bool words_in_order(const ocr_page *page, const ocr_line *l)
{
	for (guint w = l->first + 1; w < l->first + l->n; w++)
		if (g_array_index(page->words, ocr_word, w).box.x <=
		    g_array_index(page->words, ocr_word, w - 1).box.x)
			return false;
	return true;
}

/* The class: one line of print returned as 2 to 4 lines on a row tilted
 * up to the right, each piece starting where the last ended (a fifth of
 * a height back to 0.45 on) and 0.1 to 0.2 of a height higher, and read
 * top down, so the last piece first ("5929" then "1913" of OI9135929:
 * photo_passport seed 214121711): joined into one line, its words in
 * the order printed. Fresh seed each run: 200 cases. */
START_TEST(split_line_joined_out_of_order)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x4f524452);

	for (int c = 0; c < 200; c++) {
		ocr_page *page = page_new();
		int h = g_rand_int_range(rng, 14, 60);
		int pieces = g_rand_int_range(rng, 2, 5);
		int xs[4], ys[4], ns[4], x = 50, y = 200;
		for (int k = 0; k < pieces; k++) {
			if (k) {
				x += (int)(g_rand_double_range(rng, -0.2, 0.45) * h);
				y -= (int)(g_rand_double_range(rng, 0.1, 0.2) * h);
			}
			xs[k] = x;
			ys[k] = y;
			ns[k] = g_rand_int_range(rng, 1, 7);
			x += (ns[k] - 1) * (int)(0.7 * h) + (int)(0.6 * h);
		}
		for (int k = pieces - 1; k >= 0; k--)
			add_piece(page, ns[k], xs[k], ys[k], h);
		join_split_lines(page);
		const ocr_line *l0 = &g_array_index(page->lines, ocr_line, 0);
		bool ordered = words_in_order(page, l0);
		ck_assert_msg(page->lines->len == 1 && l0->n == (guint)pieces &&
			      ordered,
			      "seed %u case %d: h %d, %d pieces read last first: "
			      "%u lines, the first of %u words, %s",
			      seed, c, h, pieces, page->lines->len, l0->n,
			      ordered ? "in order" : "out of order");
		ocr_page_free(page);
	}
	g_rand_free(rng);
}
END_TEST

/* Appends a line of one word: n symbols "8" of height h, each 0.6 h
 * wide and 0.1 h apart, from x on a row at y there rising by slope (px
 * up per px along); the word's box holds them all. Returns the word's
 * box. */
static idr_rect add_tilted_piece(ocr_page *page, int n, double x, double y,
				 int h, double slope)
{
	ocr_word w = { page->symbols->len, (guint)n, { 0, 0, 0, 0 }, 90 };
	double step = 0.7 * h;

	for (int i = 0; i < n; i++) {
		ocr_symbol sym = { "8", { (int)(x + i * step),
					  (int)(y - i * step * slope),
					  (int)(0.6 * h), h }, 90 };
		g_array_append_val(page->symbols, sym);
		w.box = i ? rect_union(w.box, sym.box) : sym.box;
	}
	ocr_line l = { page->words->len, 1, w.box };
	g_array_append_val(page->words, w);
	g_array_append_val(page->lines, l);
	return w.box;
}

/* The class: one long line of print (an MRZ line) on a row tilted 1.5
 * to 4 degrees either way, returned as 2 or 3 lines of one long word
 * each (12 to 24 glyphs), the glyphs where they meet level with each
 * other and a tenth of a height back to 0.4 on, but each word's box
 * taller than its glyphs by the row's rise along it; read top down:
 * joined into one line, its words in the order printed (photo_passport,
 * fresh seed 1018951428: "SP96923792THA8610278" and
 * "632102713267961264542<54" stayed two lines). Fresh seed each run: 200
 * cases. */
START_TEST(tilted_long_pieces_joined)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x544c5450);

	for (int c = 0; c < 200; c++) {
		ocr_page *page = page_new();
		int h = g_rand_int_range(rng, 20, 70);
		int pieces = g_rand_int_range(rng, 2, 4);
		double deg = g_rand_double_range(rng, 1.5, 4) *
			     (g_rand_boolean(rng) ? 1 : -1);
		double slope = tan(deg * G_PI / 180), x = 50, y = 2000;
		double xs[3], ys[3];
		int ns[3], order[3] = { 0, 1, 2 };
		for (int k = 0; k < pieces; k++) {
			xs[k] = x;
			ys[k] = y;
			ns[k] = g_rand_int_range(rng, 12, 25);
			double len = (ns[k] - 1) * 0.7 * h + 0.6 * h +
				     g_rand_double_range(rng, -0.1, 0.4) * h;
			x += len;
			y -= len * slope;
		}
		/* top down: by the top of each word's box */
		double top[3];
		for (int k = 0; k < pieces; k++)
			top[k] = MIN(ys[k], ys[k] - (ns[k] - 1) * 0.7 * h * slope);
		for (int a = 0; a < pieces; a++)
			for (int b = a + 1; b < pieces; b++)
				if (top[order[b]] < top[order[a]]) {
					int t = order[a];
					order[a] = order[b];
					order[b] = t;
				}
		for (int k = 0; k < pieces; k++)
			add_tilted_piece(page, ns[order[k]], xs[order[k]],
					 ys[order[k]], h, slope);
		join_split_lines(page);
		const ocr_line *l0 = &g_array_index(page->lines, ocr_line, 0);
		bool ordered = words_in_order(page, l0);
		ck_assert_msg(page->lines->len == 1 && l0->n == (guint)pieces &&
			      ordered,
			      "seed %u case %d: h %d, %.1f degrees, %d pieces: "
			      "%u lines, the first of %u words, %s",
			      seed, c, h, deg, pieces, page->lines->len, l0->n,
			      ordered ? "in order" : "out of order");
		ocr_page_free(page);
	}
	g_rand_free(rng);
}
END_TEST

/* Appends to line a word of n symbols text (one character each) from x,
 * its top at y, h tall, read at conf; returns the x after it and a gap
 * of half its height. */
static int add_tall_word(ocr_page *page, ocr_line *line, const char *text,
			 int n, int x, int y, int h, float conf)
{
	ocr_word w = { page->symbols->len, (guint)n, { x, y, 0, h }, conf };
	int step = MAX(2, (int)(0.6 * h));

	for (int i = 0; i < n; i++) {
		ocr_symbol sym = { "", { x + i * step, y, step - 1, h }, conf };
		g_strlcpy(sym.text, text, sizeof sym.text);
		g_array_append_val(page->symbols, sym);
	}
	w.box.w = n * step;
	g_array_append_val(page->words, w);
	line->box = line->n++ ? rect_union(line->box, w.box) : w.box;
	return x + w.box.w + h / 2;
}

/* The class (ocr_number_run()): a line eng+tha read with Thai in it
 * holding a number printed at one size, h px tall: its groups of 2 to 5
 * digits (one of them h tall, the rest 0.85 to 1 of it, tilted up or
 * down a little), among them now and then a word of one digit, a mark
 * ("!") or a Thai glyph, as which a digit of it was misread (0.65 to 1
 * of h: "รู," stood at 0.74 of the digits on photo_th seed 839797532),
 * with Thai caption words 0.2 to 0.45 of h tall before it, after it,
 * both or neither. The run is the number's words, first to last, and
 * nothing of the captions; with no caption it is the whole line, which
 * is read whole already: none. A line of captions alone has none.
 * Fresh seed each run: 500 cases. */
START_TEST(number_run_found)
{
	static const char *const misread[] = { "1", "!", "ร", "อ" };
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x4e554d52);

	for (int c = 0; c < 500; c++) {
		ocr_page *page = page_new();
		ocr_line l = { 0, 0, { 0, 0, 0, 0 } };
		int h = g_rand_int_range(rng, 16, 100);
		int x = 10, y = 100;
		int before = g_rand_int_range(rng, 0, 4);
		int after = g_rand_int_range(rng, 0, 3);
		bool digits = g_rand_int_range(rng, 0, 10) > 0;
		int groups = g_rand_int_range(rng, 1, 6);
		int full = g_rand_int_range(rng, 0, groups);
		idr_rect want = { 0, 0, 0, 0 };
		bool any = false;

		for (int k = 0; k < before; k++)
			x = add_tall_word(page, &l, "ก",
					  g_rand_int_range(rng, 1, 6), x, y,
					  (int)(g_rand_double_range(rng, 0.2, 0.45) * h),
					  90);
		for (int k = 0; digits && k < groups; k++) {
			int wx = x;
			int wh, wy = y + g_rand_int_range(rng, -h / 8, h / 8 + 1);
			if (k != full && g_rand_int_range(rng, 0, 3) == 0) {
				wh = (int)(g_rand_double_range(rng, 0.65, 1.0) * h);
				x = add_tall_word(page, &l,
						  misread[g_rand_int_range(rng, 0, 4)],
						  g_rand_int_range(rng, 1, 3), x, wy, wh,
						  (float)g_rand_double_range(rng, 0, 40));
			} else {
				wh = k == full ? h :
				     (int)(g_rand_double_range(rng, 0.85, 1.0) * h);
				x = add_tall_word(page, &l, "7",
						  g_rand_int_range(rng, 2, 6), x, wy, wh,
						  90);
			}
			idr_rect b = { wx, wy, 0, wh };
			b.w = g_array_index(page->words, ocr_word,
					    page->words->len - 1).box.w;
			want = any ? rect_union(want, b) : b;
			any = true;
		}
		for (int k = 0; k < after; k++)
			x = add_tall_word(page, &l, "ข",
					  g_rand_int_range(rng, 1, 6), x, y,
					  (int)(g_rand_double_range(rng, 0.2, 0.45) * h),
					  90);
		g_array_append_val(page->lines, l);
		if (!l.n) {
			ocr_page_free(page);
			continue;
		}
		idr_rect got = { 0, 0, 0, 0 };
		bool found = ocr_number_run(page, 0, &got);
		bool expect = digits && before + after > 0;
		ck_assert_msg(found == expect &&
			      (!expect || (got.x == want.x && got.y == want.y &&
					   got.w == want.w && got.h == want.h)),
			      "seed %u case %d: h %d, %d captions before, %d "
			      "after, %d number words: run %s [%d,%d,%d,%d], "
			      "want %s [%d,%d,%d,%d]", seed, c, h, before, after,
			      digits ? groups : 0, found ? "found" : "none",
			      got.x, got.y, got.w, got.h,
			      expect ? "found" : "none", want.x, want.y, want.w,
			      want.h);
		ocr_page_free(page);
	}
	g_rand_free(rng);
}
END_TEST

Suite *reread_suite(void)
{
	Suite *s = suite_create("reread");
	TCase *tc = tcase_create("thai glyph words");

	tcase_add_test(tc, title_reread_dropped);
	tcase_add_test(tc, number_among_thai_kept);
	tcase_add_test(tc, doubtful_reread_dropped);
	tcase_add_test(tc, number_over_thai_kept);
	tcase_add_test(tc, doubtful_lines_found);
	tcase_add_test(tc, mrz_name_over_thai_kept);
	tcase_add_test(tc, split_line_joined);
	tcase_add_test(tc, split_line_joined_out_of_order);
	tcase_add_test(tc, tilted_long_pieces_joined);
	tcase_add_test(tc, number_run_found);
	suite_add_tcase(s, tc);
	return s;
}
