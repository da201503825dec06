/* mask.c — paint over every finding.
 *
 * Solid: each box is filled with black (alpha, when present, opaque), so
 * nothing under it survives in any band. Pixelate: each box is replaced by
 * blocks at least as large as the box's shorter side / 2 and never smaller
 * than a quarter of its longer side, so a block spans several characters
 * of a number or a large part of a face: averages that small leave too
 * little for a pixelation-reversal search (which works when blocks are
 * about one glyph wide). Boxes arrive already padded by their finders.
 * A finding read on a tilted page is a turned rectangle (finding.quad):
 * only the pixels inside it are painted or pixelated.
 */
#include "internal.h"

/* Returns a one-band uchar image of r's size, 255 where the pixel's
 * centre lies inside the finding's quad (its corners as read.c gives
 * them: a convex quadrilateral), 0 elsewhere; NULL on error. */
static VipsImage *quad_mask(const finding *f, idr_rect r)
{
	/* the corners in order round the quad */
	static const int order[4] = { 0, 1, 3, 2 };
	unsigned char *px = g_malloc0((size_t)r.w * r.h);
	double area = 0;

	/* Which side of its edges is inside: the sign of the quad's area
	 * (shoelace formula) as its corners go round. */
	for (int k = 0; k < 4; k++) {
		const double *a = f->quad[order[k]];
		const double *b = f->quad[order[(k + 1) % 4]];
		area += a[0] * b[1] - b[0] * a[1];
	}
	double sign = area >= 0 ? 1 : -1;
	for (int y = 0; y < r.h; y++)
		for (int x = 0; x < r.w; x++) {
			double cx = r.x + x + 0.5, cy = r.y + y + 0.5;
			bool in = true;
			for (int k = 0; k < 4 && in; k++) {
				const double *a = f->quad[order[k]];
				const double *b = f->quad[order[(k + 1) % 4]];
				double cross = (b[0] - a[0]) * (cy - a[1]) -
					       (b[1] - a[1]) * (cx - a[0]);
				in = cross * sign >= 0;
			}
			px[(size_t)y * r.w + x] = in ? 255 : 0;
		}
	VipsImage *mem = vips_image_new_from_memory_copy(
		px, (size_t)r.w * r.h, r.w, r.h, 1, VIPS_FORMAT_UCHAR);
	g_free(px);
	return mem;
}

/* Returns the block size used to pixelate a w x h box. */
static int pixel_block(int w, int h)
{
	int block = MAX(MIN(w, h) / 2, MAX(w, h) / 4);
	return MAX(block, 8);
}

/* Returns IDR_OK after replacing box of img (in memory) by coarse
 * blocks, only where within (NULL: everywhere; else a mask of the box's
 * size) is set. */
static idr_status pixelate_box(VipsImage *img, idr_rect box,
			       VipsImage *within, idr_error *err)
{
	VipsImage *t[5] = { NULL, NULL, NULL, NULL, NULL };
	idr_status st = IDR_OK;
	int block = pixel_block(box.w, box.h);
	int bw = MAX(1, (box.w + block - 1) / block);
	int bh = MAX(1, (box.h + block - 1) / block);

	/* Block means by box-filter shrink, blown up again with nearest
	 * neighbour, cropped back to the box. */
	if (vips_extract_area(img, &t[0], box.x, box.y, box.w, box.h, NULL) ||
	    vips_resize(t[0], &t[1], (double)bw / box.w, "vscale",
			(double)bh / box.h, "kernel", VIPS_KERNEL_LINEAR, NULL) ||
	    vips_resize(t[1], &t[2], (double)box.w / bw, "vscale",
			(double)box.h / bh, "kernel", VIPS_KERNEL_NEAREST, NULL)) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "pixelate: %s",
			      vips_error_buffer());
		goto out;
	}
	VipsImage *fit = NULL;
	if (vips_extract_area(t[2], &fit, 0, 0, MIN(box.w, t[2]->Xsize),
			      MIN(box.h, t[2]->Ysize), NULL) ||
	    (within && (vips_ifthenelse(within, fit, t[0], &t[3], NULL) ||
			!(t[4] = vips_image_copy_memory(t[3])))) ||
	    vips_draw_image(img, within ? t[4] : fit, box.x, box.y, NULL)) {
		IDR_UNREF(fit);
		st = idr_fail(err, IDR_ERR_INTERNAL, "pixelate: %s",
			      vips_error_buffer());
		goto out;
	}
	IDR_UNREF(fit);
out:
	vips_error_clear();
	for (int i = 0; i < 5; i++)
		IDR_UNREF(t[i]);
	return st;
}

idr_status mask_findings(VipsImage **img, const GArray *found,
			 idr_mask_mode mode, idr_error *err)
{
	VipsImage *canvas;
	double *ink = NULL;
	idr_status st = IDR_OK;

	if (found->len == 0)
		return IDR_OK;
	/* Draw operations paint in place: work on a private memory copy. */
	if (!(canvas = vips_image_copy_memory(*img)))
		return idr_fail(err, IDR_ERR_INTERNAL, "mask: %s",
				vips_error_buffer());
	/* Black in every band the image has (vips_draw_rect reads one ink
	 * value a band), the alpha band opaque. decode.c hands over grey or
	 * sRGB with 1-4 bands, where alpha is the last of an even count
	 * (B_W+alpha, sRGB+alpha); other images get black everywhere. */
	ink = g_new0(double, canvas->Bands);
	if ((canvas->Bands == 2 || canvas->Bands == 4) &&
	    vips_image_hasalpha(canvas))
		ink[canvas->Bands - 1] = 255;
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		idr_rect r = rect_pad_clip(f->box, 0, canvas->Xsize,
					   canvas->Ysize);
		if (r.w <= 0 || r.h <= 0)
			continue;
		VipsImage *within = f->tilted ? quad_mask(f, r) : NULL;
		if (f->tilted && !within) {
			st = idr_fail(err, IDR_ERR_INTERNAL, "mask: %s",
				      vips_error_buffer());
			vips_error_clear();
			goto out;
		}
		if (mode == IDR_MASK_PIXELATE)
			st = pixelate_box(canvas, r, within, err);
		else if (within ? vips_draw_mask(canvas, ink, canvas->Bands,
						 within, r.x, r.y, NULL)
				: vips_draw_rect(canvas, ink, canvas->Bands,
						 r.x, r.y, r.w, r.h, "fill",
						 TRUE, NULL)) {
			st = idr_fail(err, IDR_ERR_INTERNAL, "mask: %s",
				      vips_error_buffer());
			vips_error_clear();
		}
		IDR_UNREF(within);
		if (st)
			goto out;
	}
	IDR_UNREF(*img);
	*img = canvas;
	canvas = NULL;
out:
	g_free(ink);
	IDR_UNREF(canvas);
	return st;
}
