/* pipeline.c — one image, top to bottom:
 *
 *   decode -> orient -> find (text, faces, codes) -> mask -> seal -> encode
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

/* OCR works best when capital letters are some 20-40 px tall. Card
 * photos and scans arrive from ~500 px (a card at 150 dpi) to 4000 px
 * wide; we bring the long side into this band before OCR. */
#define OCR_MIN_LONG_SIDE 1600
#define OCR_MAX_LONG_SIDE 3200

/* Returns the factor that brings img's long side into the OCR band. */
static double ocr_scale(const VipsImage *img)
{
	int side = MAX(img->Xsize, img->Ysize);

	if (side < OCR_MIN_LONG_SIDE)
		return MIN(3.0, (double)OCR_MIN_LONG_SIDE / side);
	if (side > OCR_MAX_LONG_SIDE)
		return (double)OCR_MAX_LONG_SIDE / side;
	return 1.0;
}

/* Returns IDR_OK with *grey an 8-bit one-band copy of img scaled by s. */
static idr_status grey_for_ocr(VipsImage *img, double s, VipsImage **grey,
			       idr_error *err)
{
	VipsImage *t[3] = { NULL, NULL, NULL };
	idr_status st = IDR_OK;

	*grey = NULL;
	if (vips_colourspace(img, &t[0], VIPS_INTERPRETATION_B_W, NULL) ||
	    vips_extract_band(t[0], &t[1], 0, NULL) ||
	    vips_resize(t[1], &t[2], s, NULL) ||
	    !(*grey = vips_image_copy_memory(t[2])))
		st = idr_fail(err, IDR_ERR_INTERNAL, "OCR preparation: %s",
			      vips_error_buffer());
	vips_error_clear();
	for (int i = 0; i < 3; i++)
		IDR_UNREF(t[i]);
	return st;
}

/* Below this OSD confidence the page is also read turned half a turn.
 * Measured on the 27 samples (OSD of tesseract 5.3): the two wrong
 * answers had 0.09 and 1.49 (upright cards read as upside down); right
 * answers went as low as 0.43; every answer from 2.15 up was right. */
#define OSD_SURE 2.0f

/* Returns how much confident text a reading holds: the sum of its
 * symbols' confidences. A mean would not do: a page read the wrong way up
 * once gave 2 symbols at 95 against 1075 at 55 the right way. */
static double reading_quality(const ocr_page *page)
{
	double sum = 0;

	for (guint i = 0; i < page->words->len; i++) {
		const ocr_word *w = &g_array_index(page->words, ocr_word, i);
		sum += (double)w->conf * w->n;
	}
	return sum;
}

/* Returns IDR_OK after OCR of grey turned clockwise by angle, appending
 * what ids_find() recognised to found in img's pixels (grey is img scaled
 * by s); *quality gets reading_quality(). */
static idr_status read_turned(idr_engine *eng, VipsImage *grey, int angle,
			      double s, VipsImage *img, GArray *found,
			      double *quality, idr_error *err)
{
	VipsImage *turned = NULL, *upright = NULL;
	ocr_page *page = NULL;
	GArray *local = findings_new();
	idr_status st = IDR_OK;

	if (angle == 0) {
		upright = g_object_ref(grey);
	} else if (vips_rot(grey, &turned, (VipsAngle)(angle / 90), NULL) ||
		   !(upright = vips_image_copy_memory(turned))) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "rotate: %s",
			      vips_error_buffer());
		goto out;
	}
	if ((st = ocr_read(eng->ocr, upright, &page, err)))
		goto out;
	*quality = reading_quality(page);
	ids_find(page, eng->kinds, local);
	for (guint i = 0; i < local->len; i++) {
		finding f = g_array_index(local, finding, i);
		f.box = rect_unrotate(f.box, angle, grey->Xsize, grey->Ysize);
		f.box = rect_scale(f.box, 1.0 / s);
		f.box = rect_pad_clip(f.box, 1, img->Xsize, img->Ysize);
		g_array_append_val(found, f);
	}
out:
	vips_error_clear();
	g_array_free(local, TRUE);
	ocr_page_free(page);
	IDR_UNREF(upright);
	IDR_UNREF(turned);
	return st;
}

/* Returns IDR_OK after appending the identifiers found by OCR to found,
 * in img's pixels; *angle gets the clockwise turn that made text upright.
 * Orientation detection is wrong often enough to matter, so the page is
 * read more than once when it could be: the turn OSD found; half a turn
 * more when OSD is unsure; and the page as stored whenever OSD turns it
 * (it confidently turned pages of MRZ lines, 13.0 and 11.6, which read
 * upright as stored). The findings of every reading are kept: a reading
 * of turned text rarely looks like an identifier, while a missed reading
 * is a breach. Cost: a second OCR pass on turned or doubtful pages only. */
static idr_status find_text(idr_engine *eng, VipsImage *img, GArray *found,
			    int *angle, idr_error *err)
{
	VipsImage *grey = NULL;
	double s = ocr_scale(img), best = -1;
	float sure = 0;
	int turns[3], n = 0;
	idr_status st;

	if ((st = grey_for_ocr(img, s, &grey, err)))
		goto out;
	turns[n++] = ocr_orientation(eng->ocr, grey, &sure);
	if (sure < OSD_SURE)
		turns[n++] = (turns[0] + 180) % 360;
	if (turns[0] != 0 && (n == 1 || turns[1] != 0))
		turns[n++] = 0;
	for (int i = 0; i < n; i++) {
		double quality = 0;
		if ((st = read_turned(eng, grey, turns[i], s, img, found,
				      &quality, err)))
			goto out;
		if (quality > best) {
			best = quality;
			*angle = turns[i];
		}
	}
out:
	IDR_UNREF(grey);
	return st;
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
 * (read with the page's own orientation), faces, codes; boxes in page's
 * pixels. */
static idr_status find_on_page(idr_engine *eng, VipsImage *page,
			       GArray *found, idr_error *err)
{
	int angle = 0;
	idr_status st;

	if ((st = check_time(eng, "OCR", err)) ||
	    (st = find_text(eng, page, found, &angle, err)))
		return st;
	if (eng->faces_on &&
	    ((st = check_time(eng, "face detection", err)) ||
	     (st = faces_find(eng->faces, page, angle, found, err))))
		return st;
	if (eng->codes_on &&
	    ((st = check_time(eng, "code detection", err)) ||
	     (st = codes_find(page, found, err))))
		return st;
	return IDR_OK;
}

/* Returns IDR_OK after find_on_page() on every page of img (pages of
 * "page-height" rows, stacked top to bottom, as decode.c hands them
 * over: a multi-page TIFF, an animation's frames), boxes moved into
 * img's pixels. No page is skipped: a page left unread is a page passed
 * unmasked. */
static idr_status find_on_pages(idr_engine *eng, VipsImage *img,
				GArray *found, idr_error *err)
{
	int page_height = vips_image_get_page_height(img);
	idr_status st = IDR_OK;

	if (page_height == img->Ysize)
		return find_on_page(eng, img, found, err);
	for (int top = 0; top < img->Ysize && !st; top += page_height) {
		VipsImage *page = NULL;
		GArray *local = findings_new();
		if (vips_extract_area(img, &page, 0, top, img->Xsize, page_height,
				      NULL)) {
			st = idr_fail(err, IDR_ERR_INTERNAL, "page: %s",
				      vips_error_buffer());
			vips_error_clear();
		} else {
			st = find_on_page(eng, page, local, err);
		}
		for (guint i = 0; !st && i < local->len; i++) {
			finding f = g_array_index(local, finding, i);
			f.box.y += top;
			g_array_append_val(found, f);
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
		if (strcmp(k, "face") != 0 && !kind_is_code(k))
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

/* Drops findings of kinds that are switched off (--kinds). */
static void keep_selected(GArray *found, const kind_set *kinds)
{
	for (guint i = found->len; i-- > 0;)
		if (!kind_set_has(kinds, g_array_index(found, finding, i).kind))
			g_array_remove_index(found, i);
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
	idr_status st;

	*out = NULL;
	res->found = findings_new();
	/* The time budget covers this call, decoding included. */
	eng->deadline = eng->timeout_us ? g_get_monotonic_time() + eng->timeout_us : 0;
	ocr_set_deadline(eng->ocr, eng->deadline);
	/* decode + orient (EXIF) */
	if ((st = decode_image(data, size, eng->max_pixels, &img, &in_format, err)))
		goto out;
	res->width = img->Xsize;
	res->height = img->Ysize;
	res->pages = img->Ysize / vips_image_get_page_height(img);
	if (!(res->format = output_format(eng, in_format, res->pages))) {
		st = idr_fail(err, IDR_ERR_DATA,
			      "%d pages, and %s holds one: write them with --format tiff or webp",
			      res->pages, eng->format);
		goto out;
	}
	/* find, page by page: text, faces, codes */
	if ((st = find_on_pages(eng, img, res->found, err)))
		goto out;
	keep_selected(res->found, eng->kinds);
	drop_duplicates(res->found);
	if (eng->on_miss == IDR_ON_MISS_REJECT && !has_identifier(res->found)) {
		st = idr_fail(err, IDR_ERR_NO_ID,
			      "no identifier found (--on-miss reject)");
		goto out;
	}
	/* mask; the seal below is the point of no return */
	if ((st = mask_findings(&img, res->found, eng->mask, err)) ||
	    (st = check_time(eng, "sealing", err)))
		goto out;
	/* seal: the original, durably, before any redacted byte exists */
	if (eng->sealing &&
	    (st = seal_original(&eng->seal, data, size, &res->sealed_path, err)))
		goto out;
	/* encode, without metadata */
	if ((st = encode_image(img, res->format, &res->image, &res->size, err)) ||
	    (st = check_time(eng, "the end", err)))
		goto out;
	*out = res;
	res = NULL;
out:
	IDR_UNREF(img);
	idr_result_free(res);
	return st;
}
