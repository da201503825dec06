/* pipeline.c — one image, top to bottom:
 *
 *   decode (EXIF orientation applied) -> find: text (page geometry, then
 *   OCR and recognisers; text/read.c), faces, codes -> mask -> seal ->
 *   encode
 *
 * idr_redact() below is the whole flow; each stage is in its own file.
 * Fail closed: any error leaves *out NULL, and no redacted bytes exist
 * until the original is durably sealed (when sealing is configured).
 */
#include <string.h>

#include "internal.h"
#include "engine.h"

/* Records the time since *clock as stage name's and restarts *clock. */
static void stage_done(idr_result *res, const char *name, gint64 *clock)
{
	gint64 now = g_get_monotonic_time();

	if (res->stages < G_N_ELEMENTS(res->stage_name)) {
		res->stage_name[res->stages] = name;
		res->stage_ms[res->stages] = (now - *clock) / 1000.0;
		res->stages++;
	}
	*clock = now;
}

/* Returns true when found holds an identifier (not only faces/codes). */
static bool has_identifier(const GArray *found)
{
	for (guint i = 0; i < found->len; i++) {
		const char *k = g_array_index(found, finding, i).kind;
		if (strcmp(k, "face") != 0 && strcmp(k, "photo") != 0 &&
		    !kind_is_code(k))
			return true;
	}
	return false;
}

/* Returns true when box a lies inside box b (within 2 px). */
static bool rect_inside(idr_rect a, idr_rect b)
{
	return a.x >= b.x - 2 && a.y >= b.y - 2 &&
	       a.x + a.w <= b.x + b.w + 2 && a.y + a.h <= b.y + b.h + 2;
}

/* Drops a finding whose box lies inside another finding of the same kind
 * (a page read both ways, or a zone and its lines): the mask is the same
 * and the report stays one finding per thing. */
static void drop_duplicates(GArray *found)
{
	for (guint i = found->len; i-- > 0;) {
		const finding *f = &g_array_index(found, finding, i);
		for (guint j = 0; j < found->len; j++) {
			const finding *g = &g_array_index(found, finding, j);
			if (j != i && strcmp(f->kind, g->kind) == 0 &&
			    rect_inside(f->box, g->box) &&
			    (!rect_inside(g->box, f->box) || j < i)) {
				g_array_remove_index(found, i);
				break;
			}
		}
	}
}

/* Returns true when the centre of a lies inside b. */
static bool centre_in(idr_rect a, idr_rect b)
{
	int cx = a.x + a.w / 2, cy = a.y + a.h / 2;
	return cx >= b.x && cx < b.x + b.w && cy >= b.y && cy < b.y + b.h;
}

/* One finding where the face stage and the photo-region detector found
 * the same portrait: the face's, holding the photo's box too (the face
 * stage grew its mask only within the photos it was given), at the
 * surer of the two confidences. A photo with no face in it stays. */
static void merge_portraits(GArray *found)
{
	for (guint i = found->len; i-- > 0;) {
		finding p = g_array_index(found, finding, i);
		if (strcmp(p.kind, "photo") != 0)
			continue;
		bool merged = false;
		for (guint j = 0; j < found->len; j++) {
			finding *f = &g_array_index(found, finding, j);
			if (strcmp(f->kind, "face") != 0 ||
			    !(centre_in(f->box, p.box) || centre_in(p.box, f->box)))
				continue;
			f->box = rect_union(f->box, p.box);
			f->confidence = MAX(f->confidence, p.confidence);
			merged = true;
		}
		if (merged)
			g_array_remove_index(found, i);
	}
}

/* Drops findings of kinds that are switched off (--kinds). */
static void keep_selected(GArray *found, const kind_set *kinds)
{
	for (guint i = found->len; i-- > 0;)
		if (!kind_set_has(kinds, g_array_index(found, finding, i).kind))
			g_array_remove_index(found, i);
}

/* Returns the format the output is written in. */
static const char *output_format(const idr_engine *eng, const char *in_format)
{
	static const char *const same[] = { "jpeg", "png", "webp", "tiff" };

	for (size_t i = 0; i < G_N_ELEMENTS(same); i++)
		if (eng->format ? strcmp(eng->format, same[i]) == 0
				: strcmp(in_format, same[i]) == 0)
			return same[i];
	return "png"; /* HEIF and GIF inputs: see encode.c */
}

IDR_API idr_status idr_redact(idr_engine *eng, const void *data, size_t size,
			      idr_result **out, idr_error *err)
{
	idr_result *res = g_new0(idr_result, 1);
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(text_line));
	GArray *photos = findings_new();
	GArray *frames = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	VipsImage *img = NULL;
	const char *in_format = NULL;
	gint64 clock = g_get_monotonic_time();
	idr_status st;

	*out = NULL;
	res->found = findings_new();
	/* decode + orient (EXIF) */
	if ((st = decode_image(data, size, eng->max_pixels, &img, &in_format, err)))
		goto out;
	res->width = img->Xsize;
	res->height = img->Ysize;
	stage_done(res, "decode", &clock);
	/* find: text (with the page's own geometry), faces, codes */
	if ((st = text_find(eng->ocr, eng->kinds, img, res->found, &res->geo,
			    lines, err)))
		goto out;
	stage_done(res, "text", &clock);
	/* part of "text": the geometry before any OCR */
	res->stage_name[res->stages] = "text.layout";
	res->stage_ms[res->stages++] = res->geo.layout_ms;
	/* find: portraits, two independent ways: the photographs on a
	 * document, then faces (whose masks grow only within the photos) */
	if (eng->faces_on && (eng->pictures & PICTURES_PHOTOS) &&
	    (st = photos_find(img, lines, photos, err)))
		goto out;
	stage_done(res, "photos", &clock);
	for (guint i = 0; i < photos->len; i++)
		g_array_append_val(frames, g_array_index(photos, finding, i).box);
	face_context ctx = { lines, frames };
	if (eng->faces_on && (eng->pictures & PICTURES_FACES) &&
	    (st = faces_find(eng->faces, img, &res->geo, &ctx, res->found,
			     err)))
		goto out;
	g_array_append_vals(res->found, photos->data, photos->len);
	stage_done(res, "faces", &clock);
	if (eng->codes_on && (st = codes_find(img, res->found, err)))
		goto out;
	stage_done(res, "codes", &clock);
	keep_selected(res->found, eng->kinds);
	merge_portraits(res->found);
	drop_duplicates(res->found);
	if (eng->on_miss == IDR_ON_MISS_REJECT && !has_identifier(res->found)) {
		st = idr_fail(err, IDR_ERR_NO_ID,
			      "no identifier found (--on-miss reject)");
		goto out;
	}
	/* mask */
	if ((st = mask_findings(&img, res->found, eng->mask, err)))
		goto out;
	stage_done(res, "mask", &clock);
	/* seal: the original, durably, before any redacted byte exists */
	if (eng->sealing &&
	    (st = seal_original(&eng->seal, data, size, &res->sealed_path, err)))
		goto out;
	stage_done(res, "seal", &clock);
	/* encode, without metadata */
	res->format = output_format(eng, in_format);
	if ((st = encode_image(img, res->format, &res->image, &res->size, err)))
		goto out;
	stage_done(res, "encode", &clock);
	*out = res;
	res = NULL;
out:
	g_array_free(lines, TRUE);
	g_array_free(photos, TRUE);
	g_array_free(frames, TRUE);
	IDR_UNREF(img);
	idr_result_free(res);
	return st;
}
