/* view.c — the images OCR reads, and the way back from them (interface in
 * text/text.h; the affine maps and levelling are filter/geometry.c's).
 *
 * A view is a region of the input, scaled so its characters come out at
 * the height OCR reads best, turned level (the skew undone) and turned a
 * quarter turn at a time until its lines read left to right. Each view
 * carries the affine map from its pixels back to the input's, so a box
 * OCR finds on it becomes the bounding box of its corners on the input:
 * on a skewed page a little larger than the characters, never smaller.
 */
#include <math.h>

#include <leptonica/allheaders.h>

#include "text/text.h"

/* Returns the map from a w x h image turned clockwise by turn back to
 * the unturned one. Clockwise on a y-down grid, 90 takes (x, y) to
 * (h - y, x); 180 to (w - x, h - y); 270 to (y, w - x). */
static affine unturn(int turn, int w, int h)
{
	switch (turn) {
	case 90:
		return (affine){ 0, 1, 0, -1, 0, h };
	case 180:
		return (affine){ -1, 0, w, 0, -1, h };
	case 270:
		return (affine){ 0, -1, w, 1, 0, 0 };
	default:
		return (affine){ 1, 0, 0, 0, 1, 0 };
	}
}

static VipsAngle vips_turn(int turn)
{
	return turn == 90 ? VIPS_ANGLE_D90 : turn == 180 ? VIPS_ANGLE_D180 :
	       turn == 270 ? VIPS_ANGLE_D270 : VIPS_ANGLE_D0;
}

void view_clear(text_view *view)
{
	IDR_UNREF(view->grey);
}

/* OCR reads best with capital letters some 25-35 px tall. The median
 * character of a block (capitals, digits and x-height letters, values in
 * several sizes) is brought to CHAR_TARGET: on 45 property pages (1080
 * values of th_id, sg_nric, vn_cmnd, hk_id, imei, seed 1, 150-400 dpi),
 * 9 values were left partly visible at 26 px and 3 at 32, for some 5 %
 * more OCR time on cards. Tried again at 26 (2026-12): the property
 * test left none of 1824 values visible (seeds 1 and 303947751) and the
 * card samples' text stage took a median 744 ms against 861, but the
 * small TD1 cards of phone photos lost the first glyph of their document
 * number on 2 of 30 photo seeds that pass at 32 (gen-samples --geometry
 * --only photo_td1, seeds 164982172 and 1883536525). */
#define CHAR_TARGET 32.0
#define SCALE_MIN 0.3
#define SCALE_MAX 3.5
/* A view's long side at most (memory and time bound, whatever the text
 * size). */
#define VIEW_SIDE 4200

double view_scale(const text_block *b, idr_rect region)
{
	double s = b->char_px > 0 ? CHAR_TARGET / b->char_px : 1;

	s = CLAMP(s, SCALE_MIN, SCALE_MAX);
	/* levelled, the region's diagonal is the most it can span */
	double diag = hypot(region.w, region.h);
	if (diag * s > VIEW_SIDE)
		s = VIEW_SIDE / diag;
	return s;
}

/* Below this many degrees a skew is left to tesseract, which levels
 * small skews itself; resampling would only soften the letters. */
#define SKEW_IGNORED 0.3

idr_status view_make(VipsImage *grey, idr_rect region, double scale,
		     double skew, int turn, text_view *out, idr_error *err)
{
	VipsImage *t[4] = { NULL, NULL, NULL, NULL }, *cur = grey;
	affine back = { 1, 0, region.x, 0, 1, region.y };
	idr_status st = IDR_OK;

	*out = (text_view){ .turn = turn, .scale = scale };
	region = rect_pad_clip(region, 0, grey->Xsize, grey->Ysize);
	if (region.w <= 0 || region.h <= 0)
		return idr_fail(err, IDR_ERR_INTERNAL, "view: empty region");
	if ((region.w != grey->Xsize || region.h != grey->Ysize) &&
	    vips_extract_area(grey, &t[0], region.x, region.y, region.w,
			      region.h, NULL))
		goto fail;
	if (t[0])
		cur = t[0];
	/* A view both enlarged and levelled is resampled once, by one
	 * bicubic affine map: resampled twice it was softer, and the
	 * enlargement cost as much as the turn. A view made smaller is
	 * shrunk by vips_resize(), whose kernel averages the pixels it
	 * drops, then levelled. */
	bool level = fabs(skew) >= SKEW_IGNORED;
	bool one_pass = level && scale > 1;
	if (!one_pass && fabs(scale - 1) > 1e-3) {
		if (vips_resize(cur, &t[1], scale, NULL))
			goto fail;
		/* The size vips_resize() rounded to. */
		double sx = (double)t[1]->Xsize / cur->Xsize;
		double sy = (double)t[1]->Ysize / cur->Ysize;
		back = affine_compose(back, (affine){ 1 / sx, 0, 0, 0, 1 / sy, 0 });
		cur = t[1];
	}
	if (level) {
		affine level_back;
		if ((st = image_level(cur, skew, one_pass ? scale : 1, &t[2],
				      &level_back, err)))
			goto out;
		back = affine_compose(back, level_back);
		cur = t[2];
		out->skew = skew;
	}
	if (turn) {
		if (vips_rot(cur, &t[3], vips_turn(turn), NULL))
			goto fail;
		back = affine_compose(back, unturn(turn, cur->Xsize, cur->Ysize));
		cur = t[3];
	}
	if (!(out->grey = vips_image_copy_memory(cur)))
		goto fail;
	out->to_image = back;
	goto out;
fail:
	st = idr_fail(err, IDR_ERR_INTERNAL, "view: %s", vips_error_buffer());
out:
	vips_error_clear();
	for (int i = 0; i < 4; i++)
		IDR_UNREF(t[i]);
	return st;
}

idr_status view_half_turn(const text_view *in, text_view *out, idr_error *err)
{
	VipsImage *turned = NULL;

	*out = *in;
	out->grey = NULL;
	if (vips_rot(in->grey, &turned, VIPS_ANGLE_D180, NULL) ||
	    !(out->grey = vips_image_copy_memory(turned))) {
		IDR_UNREF(turned);
		vips_error_clear();
		return idr_fail(err, IDR_ERR_INTERNAL, "view: half turn");
	}
	IDR_UNREF(turned);
	out->turn = (in->turn + 180) % 360;
	out->to_image = affine_compose(in->to_image,
				       unturn(180, in->grey->Xsize,
					      in->grey->Ysize));
	return IDR_OK;
}

PIX *pix_from_grey(VipsImage *grey)
{
	PIX *pix = pixCreate(grey->Xsize, grey->Ysize, 8);

	if (!pix)
		return NULL;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);
	/* leptonica packs pixels into 32-bit words in its own byte order:
	 * SET_DATA_BYTE, not memcpy. */
	for (int y = 0; y < grey->Ysize; y++) {
		const unsigned char *row = VIPS_IMAGE_ADDR(grey, 0, y);
		l_uint32 *line = data + (size_t)y * wpl;
		for (int x = 0; x < grey->Xsize; x++)
			SET_DATA_BYTE(line, x, row[x]);
	}
	return pix;
}
