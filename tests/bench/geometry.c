/* geometry.c — the text stage's geometry alone, image by image: what the
 * layout found (blocks, direction, skew, character height, time) and
 * what the up/down signals said, beside the truth's turn and skew when a
 * NAME.json sits next to the image. Linked with libidredact.a (internal
 * interfaces). Used by tests/bench/geometry.sh.
 *
 *   geometry-bench [--no-orient | --read] IMAGE...
 *
 * One line per image, tab-separated:
 *   file  true_turn  true_skew  blocks  angle  skew  char_px  layout_ms
 *   turn_found  lines_conf  shape_conf  decided  orient_ms
 *   votes (lines for as-is / for half a turn / lines read)
 *   with --read: the whole view's reading confidence as it stands and
 *   turned half a turn (as-is/turned)
 * where true_turn is the clockwise correction that makes the truth
 * upright ((360 - rotate) % 360), and turn_found the first turn the
 * signals chose for the main block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "engine.h"
#include "text/text.h"

/* Reads rotate and skew from the json beside path; false when none. */
static bool truth_of(const char *path, int *rotate, double *skew)
{
	const char *dot = strrchr(path, '.');
	char *stem = g_strndup(path, dot ? (gsize)(dot - path) : strlen(path));
	char *base = g_strconcat(stem, ".json", NULL);
	JsonParser *p = json_parser_new();
	bool ok = false;

	g_free(stem);
	if (json_parser_load_from_file(p, base, NULL)) {
		JsonObject *o = json_node_get_object(json_parser_get_root(p));
		*rotate = (int)json_object_get_int_member_with_default(o, "rotate", 0);
		*skew = json_object_get_double_member_with_default(o, "skew", 0);
		ok = true;
	}
	g_object_unref(p);
	g_free(base);
	return ok;
}

int main(int argc, char **argv)
{
	idr_options *opts;
	idr_engine *eng = NULL;
	idr_error err = { 0 };
	bool orient = true, read = false;
	int first = 1;

	if (idr_init(argv[0], &err))
		return 70;
	if (argc > 1 && strcmp(argv[1], "--no-orient") == 0) {
		orient = false;
		first = 2;
	} else if (argc > 1 && strcmp(argv[1], "--read") == 0) {
		read = true;
		first = 2;
	}
	opts = idr_options_new();
	if (idr_engine_new(opts, &eng, &err)) {
		fprintf(stderr, "geometry-bench: %s\n", err.message);
		return 69;
	}
	for (int i = first; i < argc; i++) {
		VipsImage *img = vips_image_new_from_file(argv[i], NULL), *up = NULL;
		VipsImage *t[2] = { NULL, NULL }, *grey = NULL;
		page_layout *layout = NULL;
		int rotate = 0;
		double skew = 0;
		bool known = truth_of(argv[i], &rotate, &skew);

		if (!img || vips_autorot(img, &up, NULL) ||
		    layout_find(up, &layout, &err)) {
			fprintf(stderr, "geometry-bench: %s: cannot analyse\n", argv[i]);
			goto next;
		}
		printf("%s\t%d\t%.1f\t%u", argv[i], known ? (360 - rotate) % 360 : -1,
		       skew, layout->blocks->len);
		if (layout->blocks->len == 0) {
			printf("\t-\t-\t-\t%.1f\t-\t-\t-\t-\t-\n", layout->ms);
			goto next;
		}
		const text_block *b = &g_array_index(layout->blocks, text_block, 0);
		printf("\t%.1f\t%.1f\t%.1f\t%.1f", b->angle, b->skew, b->char_px,
		       layout->ms);
		/* other blocks on stderr: angle, region, lines */
		for (guint k = 1; k < layout->blocks->len; k++) {
			const text_block *o = &g_array_index(layout->blocks, text_block, k);
			fprintf(stderr, "%s: block %u: angle %.1f at %d,%d %dx%d, %u lines, char %.1f\n",
				argv[i], k, o->angle, o->region.x, o->region.y,
				o->region.w, o->region.h, o->lines->len, o->char_px);
		}
		if (!orient || !b->axis_sure) {
			printf("\t%s\t-\t-\t%s\t-\n", b->axis_sure ? "-" : "?",
			       b->axis_sure ? "-" : "axis unsure");
			goto next;
		}
		gint64 t0 = g_get_monotonic_time();
		text_view view = { 0 };
		updown ud = { .n = 0 };
		idr_rect whole = { 0, 0, up->Xsize, up->Ysize };
		double scale = view_scale(b, whole);
		if (vips_colourspace(up, &t[0], VIPS_INTERPRETATION_B_W, NULL) ||
		    vips_extract_band(t[0], &t[1], 0, NULL) ||
		    !(grey = vips_image_copy_memory(t[1])) ||
		    view_make(grey, (idr_rect){ 0, 0, grey->Xsize, grey->Ysize },
			      scale, b->skew, b->vertical ? 90 : 0,
			      &view, &err) ||
		    orient_decide(eng->ocr, b, &view, &ud, &err)) {
			printf("\terror\n");
		} else {
			printf("\t%d\t%.1f\t%.1f\t%s%s\t%.1f\t%d/%d/%d", ud.turns[0],
			       ud.lines_conf, ud.shape_conf, ud.n == 1 ? "" : "both:",
			       ud.why, (g_get_monotonic_time() - t0) / 1000.0,
			       ud.votes_up, ud.votes_down, ud.lines_read);
			/* --read: the whole view read both ways, for the
			 * confidence a reading the right and the wrong way up
			 * comes out at */
			text_view half = { 0 };
			ocr_page *p1 = NULL, *p2 = NULL;
			if (read && !view_half_turn(&view, &half, &err) &&
			    !ocr_read(eng->ocr, view.grey, false, false, &p1, &err) &&
			    !ocr_read(eng->ocr, half.grey, false, false, &p2, &err))
				printf("\t%.1f/%.1f", ocr_page_confidence(p1),
				       ocr_page_confidence(p2));
			ocr_page_free(p1);
			ocr_page_free(p2);
			view_clear(&half);
			printf("\n");
		}
		view_clear(&view);
next:
		fflush(stdout);
		vips_error_clear();
		page_layout_free(layout);
		IDR_UNREF(grey);
		IDR_UNREF(t[0]);
		IDR_UNREF(t[1]);
		IDR_UNREF(up);
		IDR_UNREF(img);
	}
	idr_engine_free(eng);
	idr_options_free(opts);
	return 0;
}
