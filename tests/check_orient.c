/* check_orient.c — which way up (filter/text/orient.c), on pages drawn
 * here: clear text is decided in one reading and the right way, both
 * ways up and at both sideways turns; a page in a script the engine
 * cannot read, or too little text to tell, is read both ways (never
 * guessed); and the decision is never the shape signal alone. */
#include <string.h>

#include <check.h>

#include "engine.h"
#include "seed.h"
#include "text/text.h"

static idr_engine *engine;

/* Models are loaded once for the test case (unchecked fixture). */
static void load(void)
{
	idr_options *opts = idr_options_new();

	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
	ck_assert_int_eq(idr_engine_new(opts, &engine, NULL), IDR_OK);
	idr_options_free(opts);
}

static void unload(void)
{
	idr_engine_free(engine);
	engine = NULL;
}

/* Returns a white page w x h with markup-free text drawn at (40, 40) in
 * font at 300 dpi, turned clockwise by turn. */
static VipsImage *page(const char *font, const char *text, int turn)
{
	VipsImage *mask = NULL, *blank = NULL, *white = NULL, *ink, *rot = NULL;
	double black[1] = { 0 };

	ck_assert(!vips_text(&mask, text, "font", font, "dpi", 300, NULL));
	ck_assert(!vips_black(&blank, mask->Xsize + 80, mask->Ysize + 80, NULL));
	ck_assert(!vips_linear1(blank, &white, 1, 255, "uchar", TRUE, NULL));
	ink = vips_image_copy_memory(white);
	ck_assert(!vips_draw_mask(ink, black, 1, mask, 40, 40, NULL));
	if (turn) {
		ck_assert(!vips_rot(ink, &rot, turn == 90 ? VIPS_ANGLE_D90 :
				    turn == 180 ? VIPS_ANGLE_D180 :
				    VIPS_ANGLE_D270, NULL));
		g_object_unref(ink);
		ink = vips_image_copy_memory(rot);
		g_object_unref(rot);
	}
	g_object_unref(mask);
	g_object_unref(blank);
	g_object_unref(white);
	return ink;
}

/* Runs layout and the decision on img; *ud gets the decision for the
 * main block, *correction the turn that makes it upright. */
static void decide(VipsImage *img, updown *ud)
{
	page_layout *lay = NULL;
	idr_error err = { 0 };
	text_view view;

	ck_assert_int_eq(layout_find(img, &lay, &err), IDR_OK);
	ck_assert_int_ge(lay->blocks->len, 1);
	const text_block *b = &g_array_index(lay->blocks, text_block, 0);
	idr_rect whole = { 0, 0, img->Xsize, img->Ysize };
	ck_assert_int_eq(view_make(img, whole, view_scale(b, whole), b->skew,
				   b->vertical ? 90 : 0, &view, &err), IDR_OK);
	ck_assert_int_eq(orient_decide(engine->ocr, b, &view, ud, &err), IDR_OK);
	view_clear(&view);
	page_layout_free(lay);
}

static const char card[] =
	"Identity Card\n"
	"Name Mrs Suda Boonma\n"
	"Date of Birth 26 January 1960\n"
	"Address 188 Mittraphap Road, Khon Kaen\n"
	"Date of Issue 12 July 2020";

/* Mixed-case card text at every quarter turn: one reading, the right
 * one (the page turned clockwise by t is set upright by 360 - t). */
START_TEST(clear_text_every_turn)
{
	static const int turns[] = { 0, 90, 180, 270 };

	for (int t = 0; t < 4; t++) {
		VipsImage *img = page("DejaVu Sans 10", card, turns[t]);
		updown ud;
		decide(img, &ud);
		ck_assert_msg(ud.n == 1, "turn %d: read both ways (%s)", turns[t],
			      ud.why);
		ck_assert_int_eq(ud.turns[0], (360 - turns[t]) % 360);
		ck_assert_int_ge(ud.votes_up + ud.votes_down, 2);
		g_object_unref(img);
	}
}
END_TEST

/* Capitals and digits only, in a serif face (upside down, capitals turn
 * into other capitals): right way up or read both ways, never wrong. */
START_TEST(capitals_never_wrong)
{
	static const char caps[] =
		"REPUBLIC OF THE PHILIPPINES\n"
		"QUEZON CITY  METRO MANILA\n"
		"PCN 1234 5678 9012 3456\n"
		"DATE OF BIRTH 12 MARCH 1985";

	for (int t = 0; t < 360; t += 180) {
		VipsImage *img = page("DejaVu Serif 10", caps, t);
		updown ud;
		decide(img, &ud);
		ck_assert_msg(ud.turns[0] == (360 - t) % 360 || ud.n == 2,
			      "turn %d: decided %d alone", t, ud.turns[0]);
		g_object_unref(img);
	}
}
END_TEST

/* Lower-case Latin, the text leptonica's ascender count is made for:
 * the shape signal is strong and the right way, both ways up. */
START_TEST(shape_reads_lower_case)
{
	static const char text[] =
		"The holder of this card is a citizen and resident,\n"
		"and should keep it with them at all times; the card\n"
		"belongs to the government and must be handed back\n"
		"when asked. If found, please bring it to the nearest\n"
		"police station or district office without delay.";

	for (int t = 0; t < 360; t += 180) {
		VipsImage *img = page("DejaVu Sans 10", text, t);
		updown ud;
		decide(img, &ud);
		double up = t == 0 ? ud.shape_conf : -ud.shape_conf;
		ck_assert_msg(up > 6.0, "turn %d: shape %.1f", t, ud.shape_conf);
		g_object_unref(img);
	}
}
END_TEST

/* Text the engine cannot read (Korean with eng+tha) gives no votes, so
 * it is read both ways; a single short word is too little to tell. */
START_TEST(unreadable_is_read_both_ways)
{
	VipsImage *img = page("NanumGothic 12",
			      "대한민국 주민등록증\n홍길동 서울특별시 종로구\n"
			      "발급일 2020년 1월 1일", 180);
	updown ud;
	decide(img, &ud);
	ck_assert_int_eq(ud.n, 2);
	g_object_unref(img);
}
END_TEST

/* Appends n characters drawn from set to s. */
static void draw_chars(GString *s, GRand *rng, const char *set, int n)
{
	int k = (int)strlen(set);

	for (int i = 0; i < n; i++)
		g_string_append_c(s, set[g_rand_int_range(rng, 0, k)]);
}

/* The class: a TD1 card's or a TD3 passport page's machine-readable
 * zone (ICAO 9303 parts 4 and 5: 3 lines of 30, 2 lines of 44, '<' the
 * filler), the longest lines on the page and so the first sampled, with
 * two short lines of capitals, turned half a turn or not. Turned, '<'
 * reads as '>' and digits 0 and 8 as themselves, as surely as the right
 * way up: a TD1 card scanned upside down and 15 degrees askew was read
 * at the wrong turn alone (two MRZ lines voted for it), and its MRZ and
 * document number were left readable (rotation set, fresh seed
 * 2612504690, td1_card_01 turned 180). Never decided the wrong way
 * alone. Fresh seed (class_seed()), 24 pages. */
START_TEST(mrz_never_wrong)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPRSTUVWY";
	static const char digits[] = "0123456789";
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);

	for (int n = 0; n < 24; n++) {
		bool td1 = n % 2 == 0;
		int width = td1 ? 30 : 44, t = g_rand_boolean(rng) ? 180 : 0;
		GString *s = g_string_new(NULL);
		draw_chars(s, rng, letters, 6);
		g_string_append(s, "\n");
		draw_chars(s, rng, digits, 2);
		g_string_append(s, " FEB ");
		draw_chars(s, rng, digits, 2);
		g_string_append(s, "\n\n");
		/* document code, state, number: letters and digits */
		gsize from = s->len;
		g_string_append(s, td1 ? "I<UTO" : "P<UTO");
		if (td1) {
			draw_chars(s, rng, letters, 1);
			draw_chars(s, rng, digits, 9);
		} else {
			draw_chars(s, rng, letters, g_rand_int_range(rng, 4, 9));
			g_string_append(s, "<<");
			draw_chars(s, rng, letters, g_rand_int_range(rng, 3, 7));
		}
		while (s->len - from < (gsize)width)
			g_string_append_c(s, '<');
		g_string_append_c(s, '\n');
		from = s->len;
		draw_chars(s, rng, digits, 7);
		g_string_append(s, g_rand_boolean(rng) ? "M" : "F");
		draw_chars(s, rng, digits, 7);
		g_string_append(s, "UTO");
		while (s->len - from < (gsize)width - 1)
			g_string_append_c(s, '<');
		draw_chars(s, rng, digits, 1);
		if (td1) {
			g_string_append_c(s, '\n');
			from = s->len;
			draw_chars(s, rng, letters, g_rand_int_range(rng, 4, 9));
			g_string_append(s, "<<");
			draw_chars(s, rng, letters, g_rand_int_range(rng, 3, 7));
			while (s->len - from < (gsize)width)
				g_string_append_c(s, '<');
		}
		/* vips_text() takes Pango markup: '<' escaped */
		char *markup = g_markup_escape_text(s->str, -1);
		VipsImage *img = page("DejaVu Sans Mono 10", markup, t);
		g_free(markup);
		updown ud;
		decide(img, &ud);
		ck_assert_msg(ud.turns[0] == (360 - t) % 360 || ud.n == 2,
			      "seed %u page %d (%s, turned %d): decided %d alone "
			      "(%d up, %d down)", seed, n, td1 ? "TD1" : "TD3",
			      t, ud.turns[0], ud.votes_up, ud.votes_down);
		g_object_unref(img);
		g_string_free(s, TRUE);
	}
	g_rand_free(rng);
}
END_TEST

Suite *orient_suite(void)
{
	Suite *s = suite_create("orient");
	TCase *tc = tcase_create("updown");

	tcase_add_unchecked_fixture(tc, load, unload);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, clear_text_every_turn);
	tcase_add_test(tc, capitals_never_wrong);
	tcase_add_test(tc, shape_reads_lower_case);
	tcase_add_test(tc, unreadable_is_read_both_ways);
	tcase_add_test(tc, mrz_never_wrong);
	suite_add_tcase(s, tc);
	return s;
}
