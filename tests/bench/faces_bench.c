/* faces_bench.c — times our face detection (tests/bench/faces.sh).
 *
 *   faces_bench REPEAT CASCADE IMG...
 * For each image prints "IMG engine_ms stage_ms": engine_ms is
 * cascade_detect() on the image's grey pixels at OpenCV's default
 * parameters (scale 1.1, 3 neighbours, 24 px), the same call OpenCV is
 * timed on; stage_ms is the whole faces_find() stage (reduced copy, two
 * passes). Best of REPEAT runs, one thread.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cascade.h"
#include "internal.h"

int main(int argc, char **argv)
{
	cascade *c = NULL;
	face_detector *det = NULL;
	idr_error err = { 0 };

	if (argc < 4 || VIPS_INIT(argv[0]))
		return 64;
	vips_concurrency_set(1);
	int repeat = atoi(argv[1]);
	if (cascade_load(argv[2], &c, &err) || faces_new(&det, &err)) {
		fprintf(stderr, "faces_bench: %s\n", err.message);
		return 69;
	}
	cascade_params p = { 1.1, 3, 24, 24, 0, 0 };
	for (int i = 3; i < argc; i++) {
		VipsImage *img = vips_image_new_from_file(argv[i], NULL), *mem = NULL, *g = NULL;
		if (!img || vips_copy_file(img, &mem, NULL) ||
		    vips_colourspace(mem, &g, VIPS_INTERPRETATION_B_W, NULL)) {
			fprintf(stderr, "faces_bench: %s: %s\n", argv[i], vips_error_buffer());
			return 65;
		}
		size_t size;
		guint8 *px = vips_image_write_to_memory(g, &size);
		gint64 best_engine = G_MAXINT64, best_stage = G_MAXINT64;
		for (int r = 0; r < repeat; r++) {
			GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
			GArray *found = findings_new();
			gint64 t0 = g_get_monotonic_time();
			cascade_detect(c, px, g->Xsize, g->Ysize, g->Xsize, &p, boxes, NULL, &err);
			gint64 t1 = g_get_monotonic_time();
			faces_find(det, mem, &(page_geometry){ .blocks = 1, .sure = true }, NULL, found, &err);
			gint64 t2 = g_get_monotonic_time();
			best_engine = MIN(best_engine, t1 - t0);
			best_stage = MIN(best_stage, t2 - t1);
			g_array_free(boxes, TRUE);
			g_array_free(found, TRUE);
		}
		printf("%s %.3f %.3f\n", argv[i], best_engine / 1000.0, best_stage / 1000.0);
		g_free(px);
		g_object_unref(g);
		g_object_unref(mem);
		g_object_unref(img);
	}
	faces_free(det);
	cascade_free(c);
	return 0;
}
