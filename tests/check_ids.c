/* check_ids.c — tests of filter/ids.c: the check functions on worked
 * examples (IDENTIFIERS.md, python-stdnum 1.18 run by hand, or computed
 * with a separate short script — never with ids.c itself), the kind sets,
 * and ids_find() on synthetic OCR pages.
 *
 * Synthetic pages: every character of a line string is one symbol 10 px
 * wide and 20 px tall; a space separates words and takes one position.
 * Line k is drawn at y = 10 + 40 k, character p of it at x = 10 + 10 p.
 */
#include <string.h>

#include <check.h>

#include "internal.h"

#define CH_W 10
#define CH_H 20
#define LINE_DY 40
#define ORIGIN 10
#define PAD 7 /* 0.35 x 20 px, rounded, as ids.c pads */

Suite *ids_suite(void); /* called by the generated runner */

/* ------------------------------------------------------ check functions */

typedef struct check_case {
	const char *kind;
	const char *value;
	int want;
} check_case;

static const check_case check_cases[] = {
	/* Thailand: IDENTIFIERS.md worked example; the rest from
	 * stdnum.th.pin.calc_check_digit (python-stdnum 1.18). */
	{ "th_id", "3100600445635", 1 },
	{ "th_id", "1101700203841", 1 },
	{ "th_id", "3500100998879", 1 },
	{ "th_id", "5719900012342", 1 },
	{ "th_id", "3100600445634", 0 },
	{ "th_id", "1101700203842", 0 },
	{ "th_id", "3500100998897", 0 }, /* last two swapped */
	{ "th_id", "310060044563", 0 },  /* 12 digits */
	{ "th_id", "31006004456A5", 0 },
	/* Singapore: FormSG's vector (IDENTIFIERS.md) and more from a
	 * separate script; S7654321: 126 mod 11 = 5 -> F by hand. */
	{ "sg_nric", "S1234567D", 1 },
	{ "sg_nric", "T1234567J", 1 },
	{ "sg_nric", "F1234567N", 1 },
	{ "sg_nric", "G1234567X", 1 },
	{ "sg_nric", "M1234567K", 1 },
	{ "sg_nric", "S7654321F", 1 },
	{ "sg_nric", "T0212345I", 1 },
	{ "sg_nric", "F9876543M", 1 },
	{ "sg_nric", "G5551234K", 1 },
	{ "sg_nric", "M0000001Q", 1 },
	{ "sg_nric", "S1234567A", 0 },
	{ "sg_nric", "T1234567D", 0 },
	{ "sg_nric", "G1234567N", 0 },
	{ "sg_nric", "M1234567X", 0 },
	{ "sg_nric", "A1234567D", 0 },  /* no such prefix */
	{ "sg_nric", "S123456D", 0 },   /* 6 digits */
	/* Unknown kinds have no check. */
	{ "no_such_kind", "123", -1 },
};

START_TEST(test_check_table)
{
	const check_case *c = &check_cases[_i];
	ck_assert_msg(ids_check(c->kind, c->value) == c->want,
		      "%s %s: want %d", c->kind, c->value, c->want);
}
END_TEST

/* ------------------------------------------------------------ kind sets */

START_TEST(test_kind_sets)
{
	kind_set *set = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(kind_set_parse(NULL, &set, &err), IDR_OK);
	ck_assert(kind_set_has(set, "th_id") && kind_set_has(set, "face"));
	kind_set_free(set);

	ck_assert_int_eq(kind_set_parse("sg_nric, telecom", &set, &err),
			 IDR_OK);
	ck_assert(kind_set_has(set, "sg_nric"));
	ck_assert(kind_set_has(set, "imei") && kind_set_has(set, "phone"));
	ck_assert(!kind_set_has(set, "th_id") && !kind_set_has(set, "qr"));
	kind_set_free(set);

	ck_assert_int_eq(kind_set_parse("ids,bogus", &set, &err),
			 IDR_ERR_USAGE);
	ck_assert_ptr_null(set);
	ck_assert_ptr_nonnull(strstr(err.message, "bogus"));

	/* Every advertised name parses on its own. */
	gchar **names = g_strsplit(kind_names(), ",", -1);
	for (gchar **n = names; *n; n++) {
		ck_assert_msg(kind_set_parse(*n, &set, &err) == IDR_OK, "%s", *n);
		kind_set_free(set);
	}
	g_strfreev(names);
}
END_TEST

/* ----------------------------------------------------- synthetic pages */

/* Returns a page holding lines (NULL-terminated) laid out as above. */
static ocr_page *page_new(const char *const *lines)
{
	ocr_page *page = g_new0(ocr_page, 1);
	int nlines = 0;

	page->symbols = g_array_new(FALSE, TRUE, sizeof(ocr_symbol));
	page->words = g_array_new(FALSE, TRUE, sizeof(ocr_word));
	page->lines = g_array_new(FALSE, TRUE, sizeof(ocr_line));
	for (; lines[nlines]; nlines++) {
		ocr_line line = { page->words->len, 0, { 0, 0, 0, 0 } };
		int y = ORIGIN + LINE_DY * nlines, p = 0;
		ocr_word *word = NULL;
		for (const char *c = lines[nlines]; *c;
		     c = g_utf8_next_char(c), p++) {
			if (*c == ' ') {
				word = NULL;
				continue;
			}
			if (!word) {
				ocr_word w = { page->symbols->len, 0,
					       { 0, 0, 0, 0 }, 90 };
				g_array_append_val(page->words, w);
				line.n++;
				word = &g_array_index(page->words, ocr_word,
						      page->words->len - 1);
			}
			ocr_symbol s = { { 0 }, { ORIGIN + CH_W * p, y, CH_W,
						  CH_H }, 90 };
			memcpy(s.text, c, g_utf8_next_char(c) - c);
			g_array_append_val(page->symbols, s);
			word->n++;
			word->box = rect_union(word->box, s.box);
			line.box = rect_union(line.box, s.box);
		}
		g_array_append_val(page->lines, line);
	}
	page->width = 2000;
	page->height = ORIGIN + LINE_DY * nlines + 20;
	return page;
}

static void page_free(ocr_page *page)
{
	g_array_free(page->symbols, TRUE);
	g_array_free(page->words, TRUE);
	g_array_free(page->lines, TRUE);
	g_free(page);
}

/* Returns the findings of ids_find on lines with the kinds of list. */
static GArray *find(const char *const *lines, const char *list)
{
	kind_set *set = NULL;
	idr_error err = { 0 };
	ocr_page *page = page_new(lines);
	GArray *found = findings_new();

	ck_assert_int_eq(kind_set_parse(list, &set, &err), IDR_OK);
	ids_find(page, set, found);
	kind_set_free(set);
	page_free(page);
	return found;
}

/* Returns the padded box of the first occurrence of text in lines, as
 * ids_find should report it (the page is never reached by the pad). */
static idr_rect box_of(const char *const *lines, const char *text)
{
	for (int k = 0; lines[k]; k++) {
		const char *at = strstr(lines[k], text);
		if (!at)
			continue;
		int p0 = (int)g_utf8_pointer_to_offset(lines[k], at);
		int n = (int)g_utf8_strlen(text, -1);
		return (idr_rect){ ORIGIN + CH_W * p0 - PAD,
				   ORIGIN + LINE_DY * k - PAD,
				   CH_W * n + 2 * PAD, CH_H + 2 * PAD };
	}
	ck_abort_msg("'%s' is not on the page", text);
	return (idr_rect){ 0, 0, 0, 0 };
}

/* Returns the finding of kind whose box is exactly that of text, or NULL. */
static const finding *found_at(GArray *found, const char *const *lines,
			       const char *kind, const char *text)
{
	idr_rect want = box_of(lines, text);
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		if (strcmp(f->kind, kind) == 0 && f->box.x == want.x &&
		    f->box.y == want.y && f->box.w == want.w &&
		    f->box.h == want.h)
			return f;
	}
	return NULL;
}

/* One ids_find case: on lines, with kinds list, kind must be found over
 * exactly text (plus padding) with the given checksum verdict; text NULL
 * means nothing at all must be found. */
typedef struct find_case {
	const char *what;
	const char *lines[4];
	const char *list;
	const char *kind;
	const char *text;
	int checksum;
} find_case;

static const find_case find_cases[] = {
	/* Thailand */
	{ "th grouped", { "1 1017 00203 84 1", NULL }, NULL, "th_id",
	  "1 1017 00203 84 1", 1 },
	{ "th dashed", { "ID 3-1006-00445-63-5", NULL }, NULL, "th_id",
	  "3-1006-00445-63-5", 1 },
	{ "th plain", { "3500100998879", NULL }, NULL, "th_id",
	  "3500100998879", 1 },
	{ "th split oddly", { "Identification Number 35001 0099 8879", NULL },
	  NULL, "th_id", "35001 0099 8879", 1 },
	{ "th confusions", { "3 I006 0O445 63 S", NULL }, NULL, "th_id",
	  "3 I006 0O445 63 S", 1 },
	{ "th bad check", { "3 1006 00445 63 4", NULL }, NULL, "th_id",
	  "3 1006 00445 63 4", 0 },
	{ "th thai digits", { "เลขประจำตัวประชาชน ๓ ๑๐๐๖ ๐๐๔๔๕ ๖๓ ๕", NULL },
	  NULL, "th_id", "๓ ๑๐๐๖ ๐๐๔๔๕ ๖๓ ๕", 1 },
	{ "th extra digit kept whole", { "31006004456351", NULL }, NULL,
	  "th_id", "31006004456351", 1 },
	{ "th only ids", { "3 1006 00445 63 5", NULL }, "ids", "th_id",
	  "3 1006 00445 63 5", 1 },
	/* Singapore */
	{ "sg plain", { "NRIC No. S1234567D", NULL }, NULL, "sg_nric",
	  "S1234567D", 1 },
	{ "sg spaced", { "T 1234567 J", NULL }, NULL, "sg_nric",
	  "T 1234567 J", 1 },
	{ "sg M series", { "FIN M1234567K", NULL }, NULL, "sg_nric",
	  "M1234567K", 1 },
	{ "sg 5 for S", { "51234567D", NULL }, NULL, "sg_nric", "51234567D",
	  1 },
	{ "sg 0 for D", { "S12345670", NULL }, NULL, "sg_nric", "S12345670",
	  1 },
	{ "sg lower case", { "g1234567x", NULL }, NULL, "sg_nric",
	  "g1234567x", 1 },
	{ "sg bad check", { "S1234567A", NULL }, NULL, "sg_nric",
	  "S1234567A", 0 },
	{ "sg only", { "S1234567D", NULL }, "sg_nric", "sg_nric", "S1234567D",
	  1 },
	/* Negatives */
	{ "plain text", { "Hello world, this is 2024 text", NULL }, NULL,
	  NULL, NULL, 0 },
	{ "a date", { "12/05/1990", NULL }, NULL, NULL, NULL, 0 },
	{ "a dotted date", { "Date of issue 12.05.1990", NULL }, "ids", NULL,
	  NULL, 0 },
	{ "kind filter", { "3 1006 00445 63 5", NULL }, "sg_nric", NULL,
	  NULL, 0 },
};

START_TEST(test_find_table)
{
	const find_case *c = &find_cases[_i];
	GArray *found = find(c->lines, c->list);

	if (!c->kind) {
		ck_assert_msg(found->len == 0, "%s: %u findings, first %s",
			      c->what, found->len,
			      found->len ? g_array_index(found, finding, 0).kind
					 : "");
	} else {
		const finding *f = found_at(found, c->lines, c->kind, c->text);
		ck_assert_msg(f != NULL, "%s: no %s over '%s' (%u findings)",
			      c->what, c->kind, c->text, found->len);
		ck_assert_msg(f->checksum == c->checksum, "%s: checksum %d",
			      c->what, f->checksum);
		ck_assert(f->confidence > 0 && f->confidence < 1);
		ck_assert_str_eq(f->tail, "");
	}
	g_array_free(found, TRUE);
}
END_TEST

/* A label next to the number raises the confidence. */
START_TEST(test_context_raises_confidence)
{
	const char *bare[] = { "3 1006 00445 63 5", NULL };
	const char *label[] = { "เลขประจำตัวประชาชน", "3 1006 00445 63 5",
				NULL };
	GArray *a = find(bare, NULL), *b = find(label, NULL);
	const finding *fa = found_at(a, bare, "th_id", "3 1006 00445 63 5");
	const finding *fb = found_at(b, label, "th_id", "3 1006 00445 63 5");

	ck_assert(fa && fb);
	ck_assert(fb->confidence > fa->confidence);
	g_array_free(a, TRUE);
	g_array_free(b, TRUE);
}
END_TEST

/* The box is the matched characters plus the pad, clipped to the page. */
START_TEST(test_box_clipped)
{
	const char *lines[] = { "3100600445635", NULL };
	GArray *found = find(lines, NULL);

	ck_assert_uint_eq(found->len, 1);
	idr_rect b = g_array_index(found, finding, 0).box;
	ck_assert_int_eq(b.x, ORIGIN - PAD);
	ck_assert_int_eq(b.w, 13 * CH_W + 2 * PAD);
	g_array_free(found, TRUE);
}
END_TEST

Suite *ids_suite(void)
{
	Suite *s = suite_create("ids");
	TCase *tc = tcase_create("checks");

	tcase_add_loop_test(tc, test_check_table, 0,
			    (int)G_N_ELEMENTS(check_cases));
	tcase_add_test(tc, test_kind_sets);
	suite_add_tcase(s, tc);

	tc = tcase_create("find");
	tcase_add_loop_test(tc, test_find_table, 0,
			    (int)G_N_ELEMENTS(find_cases));
	tcase_add_test(tc, test_context_raises_confidence);
	tcase_add_test(tc, test_box_clipped);
	suite_add_tcase(s, tc);
	return s;
}
