/* check_reread.c — which words of an English re-read of a line eng+tha
 * read with Thai in it are kept (filter/text/ocr.c,
 * drop_thai_glyph_words()). Pages are made by hand: line 0 the Thai
 * reading, line 1 the re-read appended after it. */
#include <string.h>

#include <check.h>

#include "internal.h"

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
	ocr_page *page = g_new0(ocr_page, 1);
	page->symbols = g_array_new(FALSE, TRUE, sizeof(ocr_symbol));
	page->words = g_array_new(FALSE, TRUE, sizeof(ocr_word));
	page->lines = g_array_new(FALSE, TRUE, sizeof(ocr_line));
	page->width = 1000;
	page->height = 300;
	return page;
}

/* Returns the words left in the re-read (line 1 on) after the drop:
 * the Thai reading thai, each of its words at x (a list of words, " "
 * apart, 20 px a symbol), then the re-read word reread at x 100 at
 * confidence conf. */
static int kept(const char *thai, const char *reread, float conf)
{
	ocr_page *page = page_new();
	ocr_line l0 = { 0, 0, { 0, 0, 0, 0 } };
	gchar **words = g_strsplit(thai, " ", -1);
	int x = 100;
	for (int i = 0; words[i]; i++) {
		add_word(page, &l0, words[i], x, 90);
		x += 20 * (int)g_utf8_strlen(words[i], -1);
	}
	g_strfreev(words);
	g_array_append_val(page->lines, l0);
	ocr_line l1 = { page->words->len, 0, { 0, 0, 0, 0 } };
	add_word(page, &l1, reread, 100, conf);
	g_array_append_val(page->lines, l1);
	drop_thai_glyph_words(page, 0, 1);
	int n = 0;
	for (guint i = 1; i < page->lines->len; i++)
		n += (int)g_array_index(page->lines, ocr_line, i).n;
	ocr_page_free(page);
	return n;
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

Suite *reread_suite(void)
{
	Suite *s = suite_create("reread");
	TCase *tc = tcase_create("thai glyph words");

	tcase_add_test(tc, title_reread_dropped);
	tcase_add_test(tc, number_among_thai_kept);
	tcase_add_test(tc, doubtful_reread_dropped);
	suite_add_tcase(s, tc);
	return s;
}
