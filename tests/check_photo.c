/* check_photo.c — tests of filter/photo.c, the photo-region detector, and
 * of the two ways a portrait is found, each on its own.
 *
 *  - regions: photo_regions() on every generated sample ($BUILD/samples,
 *    make samples), told the text lines the layout finds: every portrait
 *    and ghost of the ground truth at least 95 % covered by a region
 *    kept as a photograph, and no region kept anywhere else (text,
 *    codes, chips, bands, a phone photo's desk). The measures of every
 *    region go to $BUILD/photo-regions.txt: the thresholds in photo.c
 *    were set from them.
 *  - not a document: on pictures without text (generated scenes) nothing
 *    is found.
 *  - alone: the whole filter (idr_redact()) with the face cascades
 *    switched off (engine->pictures, an internal switch: no option sets
 *    it) masks every portrait and ghost box of every sample, and so does
 *    the filter with the photo-region detector switched off instead. The
 *    two run at once, one thread each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-glib/json-glib.h>

#include "engine.h"
#include "text/text.h"

#include "seed.h"

static const char *build;

static void setup(void)
{
	ck_assert_int_eq(idr_init("check_photo", NULL), IDR_OK);
	build = getenv("BUILD") ? getenv("BUILD") : "build";
}

/* One sample: its image and the boxes of its ground truth. */
typedef struct sample {
	char *image;       /* path */
	char *name;        /* file name */
	GArray *pictures;  /* idr_rect: portrait and ghost boxes */
	GArray *kinds;     /* const char * (interned), one per picture */
} sample;

static void sample_clear(gpointer p)
{
	sample *s = p;

	g_free(s->image);
	g_free(s->name);
	g_array_free(s->pictures, TRUE);
	g_array_free(s->kinds, TRUE);
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(((const sample *)a)->name, ((const sample *)b)->name);
}

/* Returns every generated sample (GArray of sample), in name order; empty
 * when make samples has not run. */
static GArray *load_samples(void)
{
	char *dir = g_build_filename(build, "samples", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(sample));
	const char *name;

	g_array_set_clear_func(out, sample_clear);
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		char *json = g_build_filename(dir, name, NULL);
		JsonParser *parser = json_parser_new();
		ck_assert_msg(json_parser_load_from_file(parser, json, NULL),
			      "cannot parse %s", json);
		JsonObject *o = json_node_get_object(json_parser_get_root(parser));
		JsonArray *items = json_object_get_array_member(o, "items");
		sample s = { .pictures = g_array_new(FALSE, FALSE, sizeof(idr_rect)),
			     .kinds = g_array_new(FALSE, FALSE, sizeof(char *)) };
		s.name = g_strdup(json_object_get_string_member(o, "file"));
		s.image = g_build_filename(dir, s.name, NULL);
		for (guint i = 0; i < json_array_get_length(items); i++) {
			JsonObject *it = json_array_get_object_element(items, i);
			const char *kind = json_object_get_string_member(it, "kind");
			if (strcmp(kind, "portrait") != 0 && strcmp(kind, "ghost") != 0)
				continue;
			JsonArray *b = json_object_get_array_member(it, "box");
			idr_rect r = { (int)json_array_get_int_element(b, 0),
				       (int)json_array_get_int_element(b, 1),
				       (int)json_array_get_int_element(b, 2),
				       (int)json_array_get_int_element(b, 3) };
			const char *k = g_intern_string(kind);
			g_array_append_val(s.pictures, r);
			g_array_append_val(s.kinds, k);
		}
		g_array_append_val(out, s);
		g_object_unref(parser);
		g_free(json);
	}
	if (d)
		g_dir_close(d);
	g_free(dir);
	g_array_sort(out, by_name);
	return out;
}

/* Returns the oriented image at path, in memory (EXIF orientation
 * applied: the truth is in the pixels as viewed). */
static VipsImage *load_image(const char *path)
{
	VipsImage *stored = vips_image_new_from_file(path, NULL), *up = NULL;

	ck_assert_msg(stored != NULL, "cannot read %s", path);
	ck_assert_int_eq(vips_autorot(stored, &up, NULL), 0);
	VipsImage *mem = vips_image_copy_memory(up);
	ck_assert_ptr_nonnull(mem);
	g_object_unref(stored);
	g_object_unref(up);
	return mem;
}

/* Returns the text lines layout_find() finds on img (text_line). */
static GArray *lines_of(VipsImage *img)
{
	page_layout *layout = NULL;
	idr_error err = { 0 };
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(text_line));

	ck_assert_int_eq(layout_find(img, &layout, &err), IDR_OK);
	for (guint i = 0; i < layout->blocks->len; i++) {
		const GArray *l = g_array_index(layout->blocks, text_block, i).lines;
		g_array_append_vals(lines, l->data, l->len);
	}
	page_layout_free(layout);
	return lines;
}

/* Returns the share of box b covered by the union of boxes. */
static double covered(const GArray *boxes, idr_rect b)
{
	long hit = 0;

	for (int y = b.y; y < b.y + b.h; y++)
		for (int x = b.x; x < b.x + b.w; x++)
			for (guint i = 0; i < boxes->len; i++) {
				idr_rect r = g_array_index(boxes, idr_rect, i);
				if (x >= r.x && x < r.x + r.w && y >= r.y &&
				    y < r.y + r.h) {
					hit++;
					break;
				}
			}
	return (double)hit / ((double)b.w * b.h);
}

/* Returns true when a and b overlap. */
static bool overlap(idr_rect a, idr_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	       b.y < a.y + a.h;
}

/* Samples whose photographs the photo-region detector misses today,
 * by class (issue 13's note); the face cascades still cover them, and
 * the detector is judged on every other sample. Empty since the working
 * copy is scaled to the text height (PHOTO_TEXT_PX): a two-sided TD1
 * card photographed small and tilted on a wood desk (photo_td1_01) had
 * no region found on it. */
static const char *const photo_misses[] = { NULL };

static bool known_photo_miss(const char *name)
{
	for (const char *const *m = photo_misses; *m; m++)
		if (strcmp(*m, name) == 0)
			return true;
	return false;
}

static gint by_int(gconstpointer a, gconstpointer b)
{
	return *(const int *)a - *(const int *)b;
}

/* The median, over the samples' upright portraits, of the pixels a
 * photograph's box may reach past the picture on its furthest side. */
#define REACH_MEDIAN_PX 2

/* photo_regions() on every sample: every portrait and ghost covered, no
 * photograph kept elsewhere, an upright portrait's box at the picture's
 * edges (REACH_MEDIAN_PX); the measures of every region written to
 * $BUILD/photo-regions.txt. */
START_TEST(test_regions_samples)
{
	GArray *samples = load_samples();
	char *table = g_build_filename(build, "photo-regions.txt", NULL);
	FILE *out = fopen(table, "w");
	int pictures = 0;
	GArray *reach = g_array_new(FALSE, FALSE, sizeof(int));

	ck_assert_ptr_nonnull(out);
	fprintf(out, "# sample kept truth across text core all(range,top1,ends)"
		" inner(range,top1,ends) box\n");
	for (guint i = 0; i < samples->len; i++) {
		const sample *s = &g_array_index(samples, sample, i);
		VipsImage *img = load_image(s->image);
		GArray *lines = lines_of(img);
		GArray *regions = g_array_new(FALSE, FALSE, sizeof(photo_region));
		GArray *kept = g_array_new(FALSE, FALSE, sizeof(idr_rect));
		idr_error err = { 0 };

		ck_assert_int_eq(photo_regions(img, lines, regions, &err), IDR_OK);
		for (guint j = 0; j < regions->len; j++) {
			const photo_region *r = &g_array_index(regions, photo_region, j);
			bool on_truth = false;
			for (guint t = 0; t < s->pictures->len; t++)
				on_truth |= overlap(r->box, g_array_index(s->pictures,
									  idr_rect, t));
			fprintf(out, "%s %d %d %.1f %.2f %.2f %d,%.2f,%.2f %d,%.2f,%.2f"
				" %d,%d,%d,%d\n", s->name, r->kept, on_truth,
				r->across, r->text, r->core, r->all.range,
				r->all.top1, r->all.ends, r->inner.range,
				r->inner.top1, r->inner.ends, r->box.x, r->box.y,
				r->box.w, r->box.h);
			if (!r->kept)
				continue;
			ck_assert_msg(on_truth, "%s: a photograph found at %d,%d,%d,%d,"
				      " on no portrait or ghost", s->name, r->box.x,
				      r->box.y, r->box.w, r->box.h);
			g_array_append_val(kept, r->box);
			/* how far an upright portrait's box reaches past it */
			for (guint t = 0; !r->tilted && t < s->pictures->len; t++) {
				idr_rect b = g_array_index(s->pictures, idr_rect, t);
				if (strcmp(g_array_index(s->kinds, char *, t),
					   "portrait") != 0 || !overlap(r->box, b))
					continue;
				int past = MAX(MAX(b.x - r->box.x, b.y - r->box.y),
					       MAX(r->box.x + r->box.w - b.x - b.w,
						   r->box.y + r->box.h - b.y - b.h));
				g_array_append_val(reach, past);
			}
		}
		for (guint t = 0; t < s->pictures->len; t++) {
			idr_rect b = g_array_index(s->pictures, idr_rect, t);
			double share = covered(kept, b);
			if (share < 0.95 && known_photo_miss(s->name)) {
				fprintf(stderr, "known miss: %s\n", s->name);
				continue;
			}
			ck_assert_msg(share >= 0.95, "%s: %s %d,%d,%d,%d only %.0f%%"
				      " covered by photographs", s->name,
				      g_array_index(s->kinds, char *, t), b.x, b.y,
				      b.w, b.h, share * 100);
			pictures++;
		}
		g_array_free(kept, TRUE);
		g_array_free(regions, TRUE);
		g_array_free(lines, TRUE);
		g_object_unref(img);
	}
	fclose(out);
	g_free(table);
	/* make samples wrote 49 samples with 85 portraits and ghosts; a
	 * run without them tests nothing here (tests/e2e/faces.sh fails) */
	if (samples->len > 0)
		ck_assert_int_ge(pictures, 80);
	/* A portrait's box is snapped to the picture's edges
	 * (photo_snap()): the median reach past the truth was 4 px
	 * before, a band of plain card all round. */
	if (reach->len > 0) {
		g_array_sort(reach, by_int);
		int median = g_array_index(reach, int, reach->len / 2);
		fprintf(stderr, "photo: %u upright portraits, median reach past "
			"the picture %d px\n", reach->len, median);
		ck_assert_int_le(median, REACH_MEDIAN_PX);
	}
	g_array_free(reach, TRUE);
	g_array_free(samples, TRUE);
}
END_TEST

/* Pictures without text: scenes made here from libvips noise (a desk, a
 * dish, a landscape of blotches), and a sample's text lines handed with
 * a scene (a caller's mistake must not make the scene a document: the
 * lines are not on its background). Nothing is found. */
START_TEST(test_not_document)
{
	VipsImage *noise = NULL, *blur = NULL, *scene = NULL, *worley = NULL;
	VipsImage *big = NULL, *sum = NULL;
	GArray *regions = g_array_new(FALSE, FALSE, sizeof(photo_region));
	idr_error err = { 0 };

	/* Perlin blotches and fine noise on a mid grey */
	ck_assert_int_eq(vips_perlin(&noise, 900, 600, "cell_size", 64, "seed", 7,
				     NULL), 0);
	ck_assert_int_eq(vips_worley(&worley, 900, 600, "cell_size", 40, "seed", 3,
				     NULL), 0);
	ck_assert_int_eq(vips_linear1(worley, &big, 0.4, 0, NULL), 0);
	ck_assert_int_eq(vips_add(noise, big, &sum, NULL), 0);
	ck_assert_int_eq(vips_linear1(sum, &blur, 90, 128, NULL), 0);
	ck_assert_int_eq(vips_cast_uchar(blur, &scene, NULL), 0);
	GArray *lines = lines_of(scene);
	ck_assert_int_eq(photo_regions(scene, lines, regions, &err), IDR_OK);
	for (guint i = 0; i < regions->len; i++)
		ck_assert_msg(!g_array_index(regions, photo_region, i).kept,
			      "a photograph found on a scene without text");
	/* no lines at all: not a document, not even looked at */
	g_array_set_size(lines, 0);
	ck_assert_int_eq(photo_regions(scene, lines, regions, &err), IDR_OK);
	ck_assert_int_eq(photos_find(scene, NULL, regions, &err), IDR_OK);
	g_array_free(lines, TRUE);
	g_array_free(regions, TRUE);
	IDR_UNREF(noise);
	IDR_UNREF(worley);
	IDR_UNREF(big);
	IDR_UNREF(sum);
	IDR_UNREF(blur);
	IDR_UNREF(scene);
}
END_TEST

/* One run of the whole filter over every sample with one of the two
 * portrait finders. */
typedef struct alone_run {
	unsigned pictures;   /* PICTURES_FACES or PICTURES_PHOTOS */
	const char *what;    /* for messages */
	const GArray *samples;
	GString *failures;   /* one line each */
	int boxes;           /* portrait and ghost boxes judged */
} alone_run;

static gpointer run_alone(gpointer arg)
{
	alone_run *run = arg;
	idr_options *o = idr_options_new();
	idr_engine *eng = NULL;
	idr_error err = { 0 };

	/* codes off: they cost time and mask no face */
	idr_options_set_codes(o, false);
	if (idr_engine_new(o, &eng, &err)) {
		g_string_append_printf(run->failures, "engine: %s\n", err.message);
		goto out;
	}
	eng->pictures = run->pictures;
	guint with_pictures = 0;
	for (guint i = 0; i < run->samples->len; i++) {
		const sample *s = &g_array_index(run->samples, sample, i);
		char *data = NULL;
		gsize size = 0;
		idr_result *res = NULL;
		if (s->pictures->len == 0 || with_pictures++ % test_stride())
			continue;
		if (!g_file_get_contents(s->image, &data, &size, NULL) ||
		    idr_redact(eng, data, size, &res, &err)) {
			g_string_append_printf(run->failures, "%s: %s\n", s->name,
					       err.message);
			g_free(data);
			continue;
		}
		GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
		for (guint j = 0; j < res->found->len; j++) {
			const finding *f = &g_array_index(res->found, finding, j);
			if (strcmp(f->kind, "face") == 0 || strcmp(f->kind, "photo") == 0)
				g_array_append_val(boxes, f->box);
		}
		for (guint t = 0; t < s->pictures->len; t++) {
			idr_rect b = g_array_index(s->pictures, idr_rect, t);
			double share = covered(boxes, b);
			if (share < 0.95 && run->pictures == PICTURES_PHOTOS &&
			    known_photo_miss(s->name))
				fprintf(stderr, "known miss: %s\n", s->name);
			else if (share < 0.95)
				g_string_append_printf(run->failures,
					"%s alone: %s: %s %d,%d,%d,%d only %.0f%%"
					" masked\n", run->what, s->name,
					g_array_index(s->kinds, char *, t), b.x,
					b.y, b.w, b.h, share * 100);
			run->boxes++;
		}
		g_array_free(boxes, TRUE);
		idr_result_free(res);
		g_free(data);
	}
out:
	idr_engine_free(eng);
	idr_options_free(o);
	return NULL;
}

/* The filter with only the photo-region detector, and with only the face
 * cascades, each masks every portrait and ghost of every sample (every
 * IDR_TEST_STRIDE-th sample with pictures under make asan: seed.h). */
START_TEST(test_alone)
{
	GArray *samples = load_samples();
	alone_run runs[2] = {
		{ PICTURES_PHOTOS, "photo-region detector", samples,
		  g_string_new(NULL), 0 },
		{ PICTURES_FACES, "face cascades", samples, g_string_new(NULL), 0 },
	};
	GThread *threads[2];

	for (int i = 0; i < 2; i++)
		threads[i] = g_thread_new("alone", run_alone, &runs[i]);
	for (int i = 0; i < 2; i++)
		g_thread_join(threads[i]);
	for (int i = 0; i < 2; i++) {
		ck_assert_msg(runs[i].failures->len == 0, "%s", runs[i].failures->str);
		if (samples->len > 0)
			ck_assert_int_ge(runs[i].boxes, 80 / (int)test_stride());
		g_string_free(runs[i].failures, TRUE);
	}
	g_array_free(samples, TRUE);
}
END_TEST

/* photo_snap() on pictures drawn here on a fresh seed: a textured
 * rectangle (grey 40-200, its every pixel at least 16 levels off the
 * background: a printed photo's edge) on a flat background of 150-250
 * with noise of up to 2 levels, found with a band of 0-4 px of
 * background round it (what the texture window adds at k = 1); half of
 * them show on only 5-40 % of their outermost rows and columns. The box
 * must keep the whole picture and end at most a pixel past it. */
START_TEST(test_snap_class)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);

	for (int n = 0; n < 200; n++) {
		int W = 300, H = 300;
		int pw = g_rand_int_range(rng, 40, 150), ph = g_rand_int_range(rng, 40, 150);
		int px = g_rand_int_range(rng, 20, W - pw - 20);
		int py = g_rand_int_range(rng, 20, H - ph - 20);
		int bg = g_rand_int_range(rng, 150, 251);
		double noise = g_rand_double_range(rng, 0, 2);
		/* half the pictures have a backdrop of the background's grey
		 * on their outermost pixels but for a share of 5-40 % (a
		 * shoulder, a tilted edge): that row still shows picture */
		double shows = g_rand_boolean(rng) ?
			       g_rand_double_range(rng, 0.05, 0.4) : 1;
		guint8 *buf = g_malloc((size_t)W * H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int v;
				if (x >= px && x < px + pw && y >= py && y < py + ph) {
					/* smooth shading and grain, kept 16 off bg */
					v = 40 + (int)(80 * (1 + sin(x * 0.07 + n) *
							     cos(y * 0.05))) +
					    g_rand_int_range(rng, -10, 11);
					v = CLAMP(v, 0, 255);
					if (abs(v - bg) < 16)
						v = bg - 16;
					/* every step-th pixel of a rim shows */
					int step = (int)lround(1 / shows);
					bool row = y == py || y == py + ph - 1;
					bool col = x == px || x == px + pw - 1;
					if ((row && (x - px) % step) ||
					    (col && !row && (y - py) % step))
						v = bg;
				} else {
					v = bg + (int)lround(noise * g_rand_double_range(rng, -1.7, 1.7));
				}
				buf[(size_t)y * W + x] = (guint8)CLAMP(v, 0, 255);
			}
		VipsImage *img = vips_image_new_from_memory_copy(buf, (size_t)W * H,
								 W, H, 1,
								 VIPS_FORMAT_UCHAR);
		g_free(buf);
		int m = g_rand_int_range(rng, 0, 5);
		idr_rect box = { px - m, py - m, pw + 2 * m, ph + 2 * m };
		photo_snap(img, 1.0, &box);
		ck_assert_msg(box.x <= px && box.y <= py &&
			      box.x + box.w >= px + pw && box.y + box.h >= py + ph,
			      "seed %u case %d: picture %d,%d,%d,%d cut to "
			      "%d,%d,%d,%d", seed, n, px, py, pw, ph, box.x,
			      box.y, box.w, box.h);
		ck_assert_msg(px - box.x <= 1 && py - box.y <= 1 &&
			      box.x + box.w - px - pw <= 1 &&
			      box.y + box.h - py - ph <= 1,
			      "seed %u case %d: picture %d,%d,%d,%d (band %d, "
			      "noise %.1f) masked as %d,%d,%d,%d", seed, n, px,
			      py, pw, ph, m, noise, box.x, box.y, box.w, box.h);
		g_object_unref(img);
	}
	g_rand_free(rng);
}
END_TEST

Suite *photo_suite(void)
{
	Suite *s = suite_create("photo");
	TCase *tc = tcase_create("regions");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_regions_samples);
	tcase_add_test(tc, test_not_document);
	tcase_add_test(tc, test_snap_class);
	suite_add_tcase(s, tc);
	tc = tcase_create("alone");
	tcase_add_checked_fixture(tc, setup, NULL);
	/* two redactions of every sample, one thread each: about a minute
	 * on two idle cores */
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, test_alone);
	suite_add_tcase(s, tc);
	return s;
}
