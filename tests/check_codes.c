/* check_codes.c — codes.c on the cards of tests/codes_images.c
 * ($BUILD/codes-img, made by the Makefile rule "codes test images"):
 * every symbol's true extent lies inside a finding's box that names its
 * kind (bars, QR, PDF417 at a quarter turn either way, Data Matrix square
 * and rectangular, Aztec compact and full: every module covered);
 * symbols zbar can read come back decoded; damaged and low-resolution
 * symbols that zbar cannot read are found all the same, as decoded:
 * false; a card with text only gives no finding; grey and alpha inputs
 * work. On the generated samples ($BUILD/samples, required: the test
 * fails without them) every code of the ground truth is covered by a
 * finding of its kind and no finding lies off the codes: the cards'
 * text, photos and guilloches raise none. The double zbar is shown of a
 * small image is the one Keys' cubic gives, computed here afresh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <math.h>

#include "internal.h"
#include "seed.h"

/* One line of codes.txt: FILE KIND DAMAGED X Y W H. */
typedef struct truth {
	char file[64];
	char kind[16];
	int damaged;
	idr_rect box;
} truth;

static truth cards[64];
static int n_cards;   /* lines of codes.txt */
static int symbols[64]; /* indexes into cards of the lines with a symbol */
static int n_symbols;
static bool too_many;   /* codes.txt had more lines than cards[] holds */
static char *img_dir;
/* How far the masks of the samples' codes reach past them (test_samples). */
static GArray *reaches;

/* Reads codes.txt into cards[] and symbols[]; returns false when it is
 * missing. Called when the suite is built (the loop test needs the count)
 * and again by the fixture. */
static bool load_cards(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char *list;
	FILE *f;

	g_free(img_dir);
	img_dir = g_build_filename(build, "codes-img", NULL);
	list = g_build_filename(img_dir, "codes.txt", NULL);
	f = fopen(list, "r");
	g_free(list);
	n_cards = n_symbols = 0;
	too_many = false;
	if (!f)
		return false;
	for (;;) {
		truth t;
		if (fscanf(f, "%63s %15s %d %d %d %d %d", t.file, t.kind,
			   &t.damaged, &t.box.x, &t.box.y, &t.box.w,
			   &t.box.h) != 7)
			break;
		/* a card past the end would go untested: say so (setup()) */
		if (n_cards == (int)G_N_ELEMENTS(cards)) {
			too_many = true;
			break;
		}
		cards[n_cards] = t;
		if (strcmp(t.kind, "none") != 0)
			symbols[n_symbols++] = n_cards;
		n_cards++;
	}
	fclose(f);
	return true;
}

static void setup(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";

	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
	ck_assert_msg(load_cards(), "%s/codes-img/codes.txt missing: run "
		      "make BUILD=%s %s/codes-img/codes.txt", build, build,
		      build);
	ck_assert_int_ge(n_cards, 10);
	ck_assert_msg(!too_many, "codes.txt has more than %d cards: make "
		      "cards[] in check_codes.c larger",
		      (int)G_N_ELEMENTS(cards));
	if (!reaches)
		reaches = g_array_new(FALSE, FALSE, sizeof(int));
}

static void teardown(void)
{
	IDR_FREE(img_dir);
}

/* Returns the card's image, in memory. */
static VipsImage *load(const char *file)
{
	char *path = g_build_filename(img_dir, file, NULL);
	VipsImage *im = vips_image_new_from_file(path, NULL);
	ck_assert_msg(im != NULL, "cannot load %s", path);
	VipsImage *mem = vips_image_copy_memory(im);
	g_object_unref(im);
	g_free(path);
	return mem;
}

static gint by_int(gconstpointer a, gconstpointer b)
{
	return *(const int *)a - *(const int *)b;
}

/* Returns how far outer reaches past inner on its widest side. */
static int past(idr_rect outer, idr_rect inner)
{
	return MAX(MAX(inner.x - outer.x, inner.y - outer.y),
		   MAX(outer.x + outer.w - inner.x - inner.w,
		       outer.y + outer.h - inner.y - inner.h));
}

static bool contains(idr_rect outer, idr_rect inner)
{
	return outer.x <= inner.x && outer.y <= inner.y &&
	       outer.x + outer.w >= inner.x + inner.w &&
	       outer.y + outer.h >= inner.y + inner.h;
}

/* Returns the findings of codes_find() on im, checked for form. */
static GArray *find(VipsImage *im)
{
	GArray *found = findings_new();
	idr_error err;
	ck_assert_int_eq(codes_find(im, found, &err), IDR_OK);
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		ck_assert(kind_is_code(f->kind));
		ck_assert_str_eq(f->country, "");
		ck_assert_int_eq(f->checksum, -1);
		ck_assert(f->confidence > 0 && f->confidence <= 1);
		ck_assert_int_ge(f->box.x, 0);
		ck_assert_int_ge(f->box.y, 0);
		ck_assert_int_le(f->box.x + f->box.w, im->Xsize);
		ck_assert_int_le(f->box.y + f->box.h, im->Ysize);
		/* the payload is never kept, not even its last characters */
		ck_assert_str_eq(f->tail, "");
	}
	return found;
}

/* zbar reads QR, Code 128, Code 39 and EAN-13; not Data Matrix, and its
 * PDF417 reader does not read our PDF417. Nor the Code 128 turned 45
 * degrees: zbarimg -Senable reads only the QR code of that card. Nor
 * the thin bars tilted, which no straight scan line crosses whole and
 * the structural finder must find (zbarimg reads part of the bars of
 * the one of 18 degrees, as an Interleaved 2 of 5, from OpenCV's grey of
 * the card). */
static bool zbar_reads(const truth *t)
{
	if ((strcmp(t->file, "qr_and_bars_45.jpg") == 0 ||
	     strncmp(t->file, "thin_bars_", 10) == 0) &&
	    strcmp(t->kind, "barcode") == 0)
		return false;
	return !t->damaged && (strcmp(t->kind, "qr") == 0 ||
			       strcmp(t->kind, "barcode") == 0);
}

/* How far past its bars a 1-D symbol's tightest mask may reach on a
 * card: the quiet zone (10 modules, ISO/IEC 15417) and a turned
 * symbol's upright box. Measured on the cards: 4-82 px. A box that ran
 * on over the text beside the bars reached 222 (short_bars_soft_tilt25.jpg,
 * when bars_extent() spanned it by a module measured along x and y;
 * codes.c). */
#define BARS_REACH_MAX_PX 100

/* One test per line of codes.txt that holds a symbol (the suite counts
 * them when it is built; a line added shows up as a test). */
START_TEST(test_symbol_covered)
{
	ck_assert_msg(_i < n_symbols, "codes.txt has %d symbols, test %d",
		      n_symbols, _i);
	const truth *t = &cards[symbols[_i]];
	VipsImage *im = load(t->file);
	GArray *found = find(im);
	const finding *cover = NULL;
	bool read = false;
	bool named = false;
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		if (!contains(f->box, t->box))
			continue;
		read = read || f->decoded;
		named = named || strcmp(f->kind, t->kind) == 0;
		/* the tightest cover, for the reach below */
		if (!cover || past(f->box, t->box) < past(cover->box, t->box))
			cover = f;
	}
	ck_assert_msg(cover != NULL, "%s: %s at %d,%d %dx%d not covered by "
		      "any of %u findings", t->file, t->kind, t->box.x,
		      t->box.y, t->box.w, t->box.h, found->len);
	/* the kind is named right: bars, QR, PDF417, Data Matrix, Aztec */
	ck_assert_msg(named, "%s: %s covered under another kind", t->file,
		      t->kind);
	if (strcmp(t->kind, "barcode") == 0)
		ck_assert_msg(past(cover->box, t->box) <= BARS_REACH_MAX_PX,
			      "%s: the mask of its bars reaches %d px past them",
			      t->file, past(cover->box, t->box));
	if (zbar_reads(t))
		ck_assert_msg(read, "%s: %s not decoded", t->file, t->kind);
	if (t->damaged && strncmp(t->file, "short_bars_", 11) != 0)
		/* the damage is real: zbar could not read it, the structural
		 * finder masked it. Not on the short bars: zbar reads them,
		 * at half or twice the size, and its location there can be a
		 * few pixels at one end of the symbol, which the box must
		 * still grow from to the whole bars */
		ck_assert_msg(!read, "%s: damaged %s was decoded", t->file,
			      t->kind);
	g_array_free(found, TRUE);
	g_object_unref(im);
}
END_TEST

START_TEST(test_text_card_no_codes)
{
	VipsImage *im = load("text_only.jpg");
	GArray *found = find(im);
	ck_assert_int_eq(found->len, 0);
	g_array_free(found, TRUE);
	g_object_unref(im);
}
END_TEST

/* A grey image and one with alpha give the same boxes as sRGB. */
START_TEST(test_grey_and_alpha)
{
	VipsImage *im = load("vn_qr.jpg"), *grey, *alpha, *ga;
	GArray *a = find(im), *b, *c;
	ck_assert_int_ge(a->len, 1);
	ck_assert_int_eq(vips_colourspace(im, &grey, VIPS_INTERPRETATION_B_W,
					  NULL), 0);
	ck_assert_int_eq(vips_bandjoin_const1(im, &alpha, 255, NULL), 0);
	ck_assert_int_eq(vips_bandjoin_const1(grey, &ga, 255, NULL), 0);
	b = find(grey);
	c = find(alpha);
	ck_assert_int_eq(b->len, a->len);
	ck_assert_int_eq(c->len, a->len);
	for (guint i = 0; i < a->len; i++) {
		idr_rect ra = g_array_index(a, finding, i).box;
		idr_rect rc = g_array_index(c, finding, i).box;
		ck_assert_int_eq(ra.x, rc.x);
		ck_assert_int_eq(ra.w, rc.w);
	}
	g_array_free(b, TRUE);
	b = find(ga);
	ck_assert_int_eq(b->len, a->len);
	g_array_free(a, TRUE);
	g_array_free(b, TRUE);
	g_array_free(c, TRUE);
	g_object_unref(ga);
	g_object_unref(alpha);
	g_object_unref(grey);
	g_object_unref(im);
}
END_TEST

/* Keys' cubic convolution kernel (R. Keys, IEEE ASSP 29(6), 1981,
 * eq. 15) at a = -0.75, OpenCV's INTER_CUBIC. */
static double keys(double x)
{
	const double a = -0.75;
	x = fabs(x);
	if (x <= 1)
		return (a + 2) * x * x * x - (a + 3) * x * x + 1;
	if (x < 2)
		return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
	return 0;
}

/* Output pixel X of a double samples input X / 2 - 0.25 (centres kept):
 * the four taps around it, weighted by keys(), the ends repeated. */
static void taps(int X, int n, int at[4], double wt[4])
{
	double u = X / 2.0 - 0.25;
	int i0 = (int)floor(u) - 1;
	for (int j = 0; j < 4; j++) {
		at[j] = CLAMP(i0 + j, 0, n - 1);
		wt[j] = keys(u - (i0 + j));
	}
}

/* codes_double() against the same resampling in floating point, rows
 * then columns, rounded halves up and clamped, on random images of every
 * small size (1 px a side up: the ends' taps) and of noise, flat tones
 * and hard black-and-white edges (the kernel's overshoot clamps). */
#define DOUBLE_IMAGES 300
#define DOUBLE_SIDE 40

START_TEST(test_double_is_keys)
{
	guint32 seed = class_seed();
	GRand *rnd = g_rand_new_with_seed(seed);

	for (int n = 0; n < DOUBLE_IMAGES; n++) {
		int w = g_rand_int_range(rnd, 1, DOUBLE_SIDE + 1);
		int h = g_rand_int_range(rnd, 1, DOUBLE_SIDE + 1);
		int style = n % 3;
		unsigned char *in = g_malloc((size_t)w * h);
		unsigned char *out = g_malloc((size_t)4 * w * h);
		double *rows = g_new(double, (size_t)2 * w * h);

		for (int i = 0; i < w * h; i++)
			in[i] = style == 0 ? (unsigned char)g_rand_int_range(rnd, 0, 256) :
				style == 1 ? (unsigned char)(100 + n % 50) :
				g_rand_boolean(rnd) ? 255 : 0;
		codes_double(in, w, h, out);
		for (int y = 0; y < h; y++)
			for (int X = 0; X < 2 * w; X++) {
				int at[4];
				double wt[4], v = 0;
				taps(X, w, at, wt);
				for (int j = 0; j < 4; j++)
					v += wt[j] * in[y * w + at[j]];
				rows[(size_t)y * 2 * w + X] = v;
			}
		for (int Y = 0; Y < 2 * h; Y++)
			for (int X = 0; X < 2 * w; X++) {
				int at[4];
				double wt[4], v = 0;
				taps(Y, h, at, wt);
				for (int j = 0; j < 4; j++)
					v += wt[j] * rows[(size_t)at[j] * 2 * w + X];
				long want = CLAMP(lround(v), 0, 255);
				int got = out[(size_t)Y * 2 * w + X];
				ck_assert_msg(got == want, "seed %u (IDR_TEST_SEED "
					      "repeats it): image %d, %d x %d: "
					      "pixel %d,%d of the double is %d, "
					      "Keys' cubic gives %ld", seed, n,
					      w, h, X, Y, got, want);
			}
		g_free(rows);
		g_free(out);
		g_free(in);
	}
	g_rand_free(rnd);
}
END_TEST

/* A blank image and a tiny one: no finding, no error. */
START_TEST(test_blank_and_tiny)
{
	VipsImage *black, *tiny;
	ck_assert_int_eq(vips_black(&black, 640, 400, NULL), 0);
	ck_assert_int_eq(vips_black(&tiny, 3, 2, NULL), 0);
	GArray *a = find(black), *b = find(tiny);
	ck_assert_int_eq(a->len, 0);
	ck_assert_int_eq(b->len, 0);
	g_array_free(a, TRUE);
	g_array_free(b, TRUE);
	g_object_unref(black);
	g_object_unref(tiny);
}
END_TEST

/* Checks one sample against its ground truth NAME.json: each code box
 * inside a finding of its kind, each finding on a code box. Returns the
 * number of findings. */
static guint check_sample(const char *dir, const char *json)
{
	char *path = g_build_filename(dir, json, NULL);
	JsonParser *parser = json_parser_new();
	ck_assert_msg(json_parser_load_from_file(parser, path, NULL),
		      "cannot parse %s", path);
	JsonObject *o = json_node_get_object(json_parser_get_root(parser));
	char *img = g_build_filename(dir, json_object_get_string_member(o, "file"),
				     NULL);
	VipsImage *raw = vips_image_new_from_file(img, NULL);
	ck_assert_msg(raw != NULL, "cannot load %s", img);
	VipsImage *im = vips_image_copy_memory(raw);
	GArray *found = find(im);
	JsonArray *items = json_object_get_array_member(o, "items");
	idr_rect codes[16], pictures[8];
	guint n_codes = 0, n_pictures = 0;

	for (guint i = 0; i < json_array_get_length(items); i++) {
		JsonObject *it = json_array_get_object_element(items, i);
		const char *kind = json_object_get_string_member(it, "kind");
		if (strcmp(kind, "portrait") == 0 || strcmp(kind, "ghost") == 0) {
			JsonArray *b = json_object_get_array_member(it, "box");
			ck_assert_uint_lt(n_pictures, G_N_ELEMENTS(pictures));
			pictures[n_pictures++] = (idr_rect){
				(int)json_array_get_int_element(b, 0),
				(int)json_array_get_int_element(b, 1),
				(int)json_array_get_int_element(b, 2),
				(int)json_array_get_int_element(b, 3) };
		}
		if (!kind_is_code(kind))
			continue;
		JsonArray *b = json_object_get_array_member(it, "box");
		idr_rect box = { (int)json_array_get_int_element(b, 0),
				 (int)json_array_get_int_element(b, 1),
				 (int)json_array_get_int_element(b, 2),
				 (int)json_array_get_int_element(b, 3) };
		bool covered = false;
		int reach = G_MAXINT;
		for (guint k = 0; k < found->len; k++) {
			const finding *f = &g_array_index(found, finding, k);
			if (!contains(f->box, box) || strcmp(f->kind, kind) != 0)
				continue;
			covered = true;
			reach = MIN(reach, past(f->box, box));
		}
		if (covered)
			g_array_append_val(reaches, reach);
		ck_assert_msg(covered, "%s: %s at %d,%d %dx%d not covered by a "
			      "%s finding", json, kind, box.x, box.y, box.w,
			      box.h, kind);
		ck_assert_uint_lt(n_codes, G_N_ELEMENTS(codes));
		codes[n_codes++] = box;
	}
	for (guint k = 0; k < found->len; k++) {
		const finding *f = &g_array_index(found, finding, k);
		bool on_code = false;
		for (guint i = 0; i < n_codes; i++)
			on_code = on_code ||
				  (f->box.x < codes[i].x + codes[i].w &&
				   codes[i].x < f->box.x + f->box.w &&
				   f->box.y < codes[i].y + codes[i].h &&
				   codes[i].y < f->box.y + f->box.h);
		/* An undecoded one inside a portrait is the portrait's grain
		 * (a soft, noisy photo's hair); the pipeline drops it under
		 * the portrait's mask (codes.sh checks that). */
		for (guint i = 0; i < n_pictures && !f->decoded; i++) {
			/* (a module's blur and the finder's square round the
			 * box out by a few pixels) */
			idr_rect p = pictures[i];
			int pad = 2 + MAX(p.w, p.h) / 20;
			p = (idr_rect){ p.x - pad, p.y - pad, p.w + 2 * pad,
					p.h + 2 * pad };
			on_code = on_code || contains(p, f->box);
		}
		ck_assert_msg(on_code, "%s: %s finding at %d,%d %dx%d on no "
			      "code", json, f->kind, f->box.x, f->box.y,
			      f->box.w, f->box.h);
	}
	guint n = found->len;
	g_array_free(found, TRUE);
	g_object_unref(im);
	g_object_unref(raw);
	g_object_unref(parser);
	g_free(img);
	g_free(path);
	return n;
}

/* The mask of a code needs the symbol, not its quiet zone (blank by
 * definition): the median over the samples' codes of how far the mask
 * reaches past the symbol, on its widest side, is at most
 * REACH_MEDIAN_PX. It was 38 px with the whole quiet zone (4 modules
 * round a QR code, 10 before and after bars), 11 px since codes.c gives
 * back its blank part (measured 2026-12-01 on the 9 codes of the
 * samples; a code on a phone photo in perspective kept 57 px). */
#define REACH_MEDIAN_PX 16

START_TEST(test_samples)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char *dir = g_build_filename(build, "samples", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	int samples = 0;
	guint findings = 0;

	/* A test that needs the samples fails without them: a sanitizer or
	 * CI run that skipped make samples must not pass by saying nothing. */
	ck_assert_msg(d != NULL, "%s missing: run make BUILD=%s samples", dir,
		      build);
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		findings += check_sample(dir, name);
		samples++;
	}
	g_dir_close(d);
	g_free(dir);
	ck_assert_int_ge(samples, 1);
	/* the samples hold codes (SG backs, VN CCCD, PDF417 slip) */
	ck_assert_uint_ge(findings, 1);
	ck_assert_uint_ge(reaches->len, 3);
	g_array_sort(reaches, by_int);
	int med = g_array_index(reaches, int, reaches->len / 2);
	ck_assert_msg(med <= REACH_MEDIAN_PX, "the codes' masks reach a median "
		      "%d px past the symbols (%u codes), more than %d", med,
		      reaches->len, REACH_MEDIAN_PX);
	g_array_set_size(reaches, 0);
}
END_TEST

Suite *codes_suite(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("codes");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	/* Without codes.txt one test runs, and its fixture says why. */
	load_cards();
	tcase_add_loop_test(tc, test_symbol_covered, 0, MAX(n_symbols, 1));
	tcase_add_test(tc, test_text_card_no_codes);
	tcase_add_test(tc, test_grey_and_alpha);
	tcase_add_test(tc, test_blank_and_tiny);
	tcase_add_test(tc, test_double_is_keys);
	suite_add_tcase(s, tc);
	tc = tcase_create("samples");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_samples);
	suite_add_tcase(s, tc);
	return s;
}
