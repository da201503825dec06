/* pipeline.c — one image, top to bottom:
 *
 *   decode (EXIF orientation applied) -> find: text (page geometry, then
 *   OCR and recognisers; text/read.c), faces, codes -> mask -> seal ->
 *   encode
 *
 * Every page of a multi-page image (TIFF pages, animation frames) goes
 * through find; mask, seal and encode take the pages together.
 *
 * idr_redact() below is the whole flow; each stage is in its own file.
 * Fail closed: any error leaves *out NULL, and no redacted bytes exist
 * until the original is durably sealed (when sealing is configured).
 */
#include <string.h>

#include "internal.h"
#include "engine.h"

/* Adds ms to stage name's time (the pages of an image add up), or
 * records the stage when it is new. */
static void stage_add(idr_result *res, const char *name, double ms)
{
	for (size_t i = 0; i < res->stages; i++)
		if (strcmp(res->stage_name[i], name) == 0) {
			res->stage_ms[i] += ms;
			return;
		}
	if (res->stages < G_N_ELEMENTS(res->stage_name)) {
		res->stage_name[res->stages] = name;
		res->stage_ms[res->stages++] = ms;
	}
}

/* Records the time since *clock as stage name's and restarts *clock. */
static void stage_done(idr_result *res, const char *name, gint64 *clock)
{
	gint64 now = g_get_monotonic_time();

	stage_add(res, name, (now - *clock) / 1000.0);
	*clock = now;
}

/* Returns IDR_OK, or IDR_ERR_TIMEOUT when the call's time budget
 * (--timeout) ran out before stage. */
static idr_status check_time(const idr_engine *eng, const char *stage,
			     idr_error *err)
{
	if (eng->deadline && g_get_monotonic_time() >= eng->deadline)
		return idr_fail(err, IDR_ERR_TIMEOUT,
				"time limit of %.3g s exceeded before %s",
				(double)eng->timeout_us / G_USEC_PER_SEC, stage);
	return IDR_OK;
}

/* Returns IDR_OK after appending to found what one page shows: text
 * (read with the page's own geometry, into *geo), faces, codes; boxes in
 * page's pixels. Each stage's time goes to res. */
static idr_status find_on_page(idr_engine *eng, VipsImage *page,
			       GArray *found, page_geometry *geo,
			       idr_result *res, gint64 *clock, idr_error *err)
{
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(text_line));
	GArray *photos = findings_new();
	GArray *frames = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	idr_status st;

	*geo = (page_geometry){ .source = "none", .languages = "" };
	if (eng->text_on &&
	    ((st = check_time(eng, "OCR", err)) ||
	     (st = text_find(eng->ocr, eng->kinds, page, found, geo, lines,
			     err))))
		goto out;
	stage_done(res, "text", clock);
	/* part of "text": the geometry before any OCR */
	stage_add(res, "text.layout", geo->layout_ms);
	/* part of "text": OCR by kind of pass */
	static const char *const pass_names[OCR_PASS_KINDS] = {
		[OCR_PASS_PAGE] = "text.ocr", [OCR_PASS_LINES] = "text.lines",
		[OCR_PASS_UNREAD] = "text.unread", [OCR_PASS_ORIENT] = "text.orient",
		[OCR_PASS_LANGUAGE] = "text.script", [OCR_PASS_OSD] = "text.osd",
		[OCR_PASS_THAI] = "text.thai",
	};
	for (int k = 0; k < OCR_PASS_KINDS; k++)
		stage_add(res, pass_names[k], geo->pass_ms[k]);
	/* portraits, two independent ways: the photographs on a document,
	 * then faces (whose masks grow only within the photos) */
	if (eng->faces_on && (eng->pictures & PICTURES_PHOTOS) &&
	    ((st = check_time(eng, "photo detection", err)) ||
	     (st = photos_find(page, lines, photos, err))))
		goto out;
	stage_done(res, "photos", clock);
	for (guint i = 0; i < photos->len; i++)
		g_array_append_val(frames, g_array_index(photos, finding, i).box);
	face_context ctx = { lines, frames };
	if (eng->faces_on && (eng->pictures & PICTURES_FACES) &&
	    ((st = check_time(eng, "face detection", err)) ||
	     (st = faces_find(eng->faces, page, geo, &ctx, found, err))))
		goto out;
	g_array_append_vals(found, photos->data, photos->len);
	stage_done(res, "faces", clock);
	if (eng->codes_on &&
	    ((st = check_time(eng, "code detection", err)) ||
	     (st = codes_find(page, found, err))))
		goto out;
	stage_done(res, "codes", clock);
out:
	g_array_free(lines, TRUE);
	g_array_free(photos, TRUE);
	g_array_free(frames, TRUE);
	return st;
}

/* Returns IDR_OK after find_on_page() on every page of img (pages of
 * "page-height" rows, stacked top to bottom, as decode.c hands them
 * over: a multi-page TIFF, an animation's frames), boxes moved into
 * img's pixels; res->geo gets the first page's geometry. No page is
 * skipped: a page left unread is a page passed unmasked. */
static idr_status find_on_pages(idr_engine *eng, VipsImage *img,
				idr_result *res, gint64 *clock, idr_error *err)
{
	int page_height = vips_image_get_page_height(img);
	idr_status st = IDR_OK;

	if (page_height == img->Ysize)
		return find_on_page(eng, img, res->found, &res->geo, res, clock,
				    err);
	for (int top = 0; top < img->Ysize && !st; top += page_height) {
		VipsImage *page = NULL;
		GArray *local = findings_new();
		page_geometry geo = { 0 };
		if (vips_extract_area(img, &page, 0, top, img->Xsize, page_height,
				      NULL)) {
			st = idr_fail(err, IDR_ERR_INTERNAL, "page: %s",
				      vips_error_buffer());
			vips_error_clear();
		} else {
			st = find_on_page(eng, page, local, &geo, res, clock, err);
		}
		if (top == 0)
			res->geo = geo;
		for (guint i = 0; !st && i < local->len; i++) {
			finding f = g_array_index(local, finding, i);
			f.box.y += top;
			for (int k = 0; k < 4; k++)
				f.quad[k][1] += top;
			g_array_append_val(res->found, f);
		}
		g_array_free(local, TRUE);
		IDR_UNREF(page);
	}
	return st;
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

/* Drops a code finding zbar did not decode that lies inside a face or
 * photo finding: the portrait's mask already covers it, and the
 * structure a 2-D code is found by (short dark runs at right angles)
 * is what a noisy, grainy portrait's hair is made of too (a soft, noisy
 * portrait upscaled into its box gave a "qr" on the hair). A decoded
 * code stays wherever it is. */
static void drop_codes_in_pictures(GArray *found)
{
	for (guint i = found->len; i-- > 0;) {
		const finding *c = &g_array_index(found, finding, i);
		if (!kind_is_code(c->kind) || c->decoded)
			continue;
		for (guint j = 0; j < found->len; j++) {
			const finding *p = &g_array_index(found, finding, j);
			if ((strcmp(p->kind, "face") == 0 ||
			     strcmp(p->kind, "photo") == 0) &&
			    rect_inside(c->box, p->box)) {
				g_array_remove_index(found, i);
				break;
			}
		}
	}
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
			    !(rect_centre_in(f->box, p.box) ||
			      rect_centre_in(p.box, f->box)))
				continue;
			f->box = rect_union(f->box, p.box);
			f->confidence = MAX(f->confidence, p.confidence);
			/* a photo on a tilted document is a turned rectangle:
			 * the face's mask, grown within the photo, is that */
			if (p.tilted && rect_inside(f->box, p.box)) {
				f->tilted = true;
				memcpy(f->quad, p.quad, sizeof f->quad);
			}
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

/* Returns IDR_OK after drawing the review overlay of img and res's
 * findings and encoding it into res. */
static idr_status make_overlay(const idr_engine *eng, VipsImage *img,
			       idr_result *res, idr_error *err)
{
	VipsImage *picture = NULL;
	idr_status st = overlay_draw(img, res->found, &res->geo, &picture, err);

	if (!st)
		st = encode_image(picture, eng->overlay, &res->overlay,
				  &res->overlay_size, err);
	IDR_UNREF(picture);
	return st;
}

/* Returns the format the output is written in, or NULL when it would
 * hold one page of an image with several (a page dropped is a page
 * lost, so that is refused rather than written). */
static const char *output_format(const idr_engine *eng, const char *in_format,
				 int pages)
{
	static const char *const same[] = { "jpeg", "png", "webp", "tiff" };
	const char *fmt = "png"; /* HEIF and GIF inputs: see encode.c */

	for (size_t i = 0; i < G_N_ELEMENTS(same); i++)
		if (eng->format ? strcmp(eng->format, same[i]) == 0
				: strcmp(in_format, same[i]) == 0)
			fmt = same[i];
	/* Several pages: an animated GIF stays one, HEIF's images become
	 * TIFF pages. */
	if (pages > 1 && !eng->format && strcmp(in_format, "gif") == 0)
		fmt = "gif";
	else if (pages > 1 && !eng->format && strcmp(in_format, "heif") == 0)
		fmt = "tiff";
	if (pages > 1 && strcmp(fmt, "tiff") != 0 && strcmp(fmt, "webp") != 0 &&
	    strcmp(fmt, "gif") != 0)
		return NULL;
	return fmt;
}

IDR_API idr_status idr_redact(idr_engine *eng, const void *data, size_t size,
			      idr_result **out, idr_error *err)
{
	idr_result *res = g_new0(idr_result, 1);
	VipsImage *img = NULL;
	const char *in_format = NULL;
	gint64 clock = g_get_monotonic_time();
	idr_status st;

	*out = NULL;
	res->found = findings_new();
	/* The time budget covers this call, decoding included. */
	eng->deadline = eng->timeout_us ? g_get_monotonic_time() + eng->timeout_us : 0;
	if (eng->ocr)
		ocr_set_deadline(eng->ocr, eng->deadline);
	/* decode + orient (EXIF) */
	if ((st = decode_image(data, size, eng->max_pixels, &img, &in_format, err)))
		goto out;
	res->width = img->Xsize;
	res->height = img->Ysize;
	res->pages = img->Ysize / vips_image_get_page_height(img);
	stage_done(res, "decode", &clock);
	if (!(res->format = output_format(eng, in_format, res->pages))) {
		st = idr_fail(err, IDR_ERR_DATA,
			      "%d pages, and %s holds one: write them with --format tiff or webp",
			      res->pages, eng->format);
		goto out;
	}
	/* find, page by page: text (with the page's own geometry), faces,
	 * codes */
	if ((st = find_on_pages(eng, img, res, &clock, err)))
		goto out;
	keep_selected(res->found, eng->kinds);
	merge_portraits(res->found);
	drop_codes_in_pictures(res->found);
	drop_duplicates(res->found);
	if (eng->on_miss == IDR_ON_MISS_REJECT && !has_identifier(res->found)) {
		st = idr_fail(err, IDR_ERR_NO_ID,
			      "no identifier found, so refused (--on-miss reject); "
			      "--on-miss pass lets such images through");
		goto out;
	}
	/* the review overlay, when asked for: the unmasked input, findings
	 * drawn on it (drawn on a copy: img stays as decoded) */
	if (eng->overlay && (st = make_overlay(eng, img, res, err)))
		goto out;
	stage_done(res, "overlay", &clock);
	/* mask; the seal below is the point of no return */
	if ((st = mask_findings(&img, res->found, eng->mask, err)) ||
	    (st = check_time(eng, "sealing", err)))
		goto out;
	stage_done(res, "mask", &clock);
	/* seal: the original, durably, before any redacted byte exists */
	if (eng->sealing &&
	    (st = seal_original(&eng->seal, data, size, &res->sealed_path, err)))
		goto out;
	stage_done(res, "seal", &clock);
	/* encode, without metadata */
	if ((st = encode_image(img, res->format, &res->image, &res->size, err)) ||
	    (st = check_time(eng, "the end", err)))
		goto out;
	stage_done(res, "encode", &clock);
	*out = res;
	res = NULL;
out:
	IDR_UNREF(img);
	idr_result_free(res);
	return st;
}
