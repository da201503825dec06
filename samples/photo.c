/* photo.c — a document photographed with a phone (interface in gen.h).
 *
 * photo_place() puts the drawn document on a desk and looks at it the
 * way a phone held by hand does: the card turned a little in the plane
 * (tilt), seen slightly from the side (each corner moved on its own, a
 * perspective homography), lit from one side, a little soft and noisy.
 * Every ground-truth box is carried through the same homography (its
 * corners mapped, the bounding box taken), like skew() and rotate() do
 * in render.c.
 *
 * Only libvips draws: the desk is Perlin/Worley noise (vips_perlin,
 * vips_worley) coloured per surface, the warp is vips_mapim() over an
 * index image holding, for every photo pixel, the document pixel it
 * shows (the inverse homography).
 */
#include <math.h>
#include <string.h>

#include "gen.h"

#define UNREF(p) do { if (p) g_object_unref(p); (p) = NULL; } while (0)

/* ------------------------------------------------------------ geometry */

/* Solves the 8x8 system a x = b in place (Gaussian elimination with
 * partial pivoting). Returns 0, or -1 when singular. */
static int solve8(double a[8][8], double b[8], double x[8])
{
	for (int c = 0; c < 8; c++) {
		int p = c;
		for (int r = c + 1; r < 8; r++)
			if (fabs(a[r][c]) > fabs(a[p][c]))
				p = r;
		if (fabs(a[p][c]) < 1e-12)
			return -1;
		for (int k = 0; k < 8; k++) {
			double t = a[c][k];
			a[c][k] = a[p][k];
			a[p][k] = t;
		}
		double t = b[c];
		b[c] = b[p];
		b[p] = t;
		for (int r = c + 1; r < 8; r++) {
			double f = a[r][c] / a[c][c];
			for (int k = c; k < 8; k++)
				a[r][k] -= f * a[c][k];
			b[r] -= f * b[c];
		}
	}
	for (int r = 7; r >= 0; r--) {
		double s = b[r];
		for (int k = r + 1; k < 8; k++)
			s -= a[r][k] * x[k];
		x[r] = s / a[r][r];
	}
	return 0;
}

/* The homography h (row-major 3x3, h[8] = 1) taking the four points
 * src[i] to dst[i]: u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), v alike
 * with h3..h5 (the direct linear transform with h33 fixed to 1).
 * Returns 0 or -1. */
static int homography(const double src[4][2], const double dst[4][2],
		      double h[9])
{
	double a[8][8], b[8];

	for (int i = 0; i < 4; i++) {
		double x = src[i][0], y = src[i][1];
		double u = dst[i][0], v = dst[i][1];
		double r0[8] = { x, y, 1, 0, 0, 0, -x * u, -y * u };
		double r1[8] = { 0, 0, 0, x, y, 1, -x * v, -y * v };
		memcpy(a[2 * i], r0, sizeof r0);
		memcpy(a[2 * i + 1], r1, sizeof r1);
		b[2 * i] = u;
		b[2 * i + 1] = v;
	}
	if (solve8(a, b, h))
		return -1;
	h[8] = 1;
	return 0;
}

/* The inverse of the 3x3 matrix h (adjugate over determinant).
 * Returns 0 or -1 when singular. */
static int invert3(const double h[9], double inv[9])
{
	double det = h[0] * (h[4] * h[8] - h[5] * h[7]) -
		     h[1] * (h[3] * h[8] - h[5] * h[6]) +
		     h[2] * (h[3] * h[7] - h[4] * h[6]);

	if (fabs(det) < 1e-12)
		return -1;
	inv[0] = (h[4] * h[8] - h[5] * h[7]) / det;
	inv[1] = (h[2] * h[7] - h[1] * h[8]) / det;
	inv[2] = (h[1] * h[5] - h[2] * h[4]) / det;
	inv[3] = (h[5] * h[6] - h[3] * h[8]) / det;
	inv[4] = (h[0] * h[8] - h[2] * h[6]) / det;
	inv[5] = (h[2] * h[3] - h[0] * h[5]) / det;
	inv[6] = (h[3] * h[7] - h[4] * h[6]) / det;
	inv[7] = (h[1] * h[6] - h[0] * h[7]) / det;
	inv[8] = (h[0] * h[4] - h[1] * h[3]) / det;
	return 0;
}

static void apply(const double h[9], double x, double y, double *u, double *v)
{
	double w = h[6] * x + h[7] * y + h[8];

	*u = (h[0] * x + h[1] * y + h[2]) / w;
	*v = (h[3] * x + h[4] * y + h[5]) / w;
}

void item_set_rect(gt_item *it, double x0, double y0, double x1, double y1)
{
	gt_box b = gt_rect(x0, y0, x1, y1);

	it->x0 = x0;
	it->y0 = y0;
	it->x1 = x1;
	it->y1 = y1;
	memcpy(it->qx, b.qx, sizeof b.qx);
	memcpy(it->qy, b.qy, sizeof b.qy);
}

gt_box gt_rect(double x0, double y0, double x1, double y1)
{
	gt_box b = { x0, y0, x1, y1, { 0 }, { 0 } };

	for (int k = 0; k < 4; k++) {
		b.qx[k] = k & 1 ? x1 : x0;
		b.qy[k] = k >> 1 ? y1 : y0;
	}
	return b;
}

/* Maps the four corners qx, qy by h in place; *x0.. get their bounding
 * box. */
static void map_corners(double qx[4], double qy[4], const double h[9],
			double *x0, double *y0, double *x1, double *y1)
{
	*x0 = *y0 = G_MAXDOUBLE;
	*x1 = *y1 = -G_MAXDOUBLE;
	for (int k = 0; k < 4; k++) {
		apply(h, qx[k], qy[k], &qx[k], &qy[k]);
		*x0 = MIN(*x0, qx[k]);
		*y0 = MIN(*y0, qy[k]);
		*x1 = MAX(*x1, qx[k]);
		*y1 = MAX(*y1, qy[k]);
	}
}

void doc_map_items(GArray *items, const double h[9])
{
	for (guint i = 0; i < items->len; i++) {
		gt_item *it = &g_array_index(items, gt_item, i);
		map_corners(it->qx, it->qy, h, &it->x0, &it->y0, &it->x1,
			    &it->y1);
		for (guint g = 0; it->glyphs && g < it->glyphs->len; g++) {
			gt_box *box = &g_array_index(it->glyphs, gt_box, g);
			map_corners(box->qx, box->qy, h, &box->x0, &box->y0,
				    &box->x1, &box->y1);
		}
	}
}

/* ---------------------------------------------------------------- desk */

/* Returns a 3-band float image: base colour plus amp times the one-band
 * float pattern (about -1..1), or NULL. */
static VipsImage *coloured(VipsImage *pattern, rgb base, rgb amp)
{
	double a[3] = { amp.r, amp.g, amp.b };
	double b[3] = { base.r, base.g, base.b };
	VipsImage *bands[3] = { pattern, pattern, pattern };
	VipsImage *three = NULL, *out = NULL;

	if (!vips_bandjoin(bands, &three, 3, NULL))
		vips_linear(three, &out, a, b, 3, NULL);
	UNREF(three);
	return out;
}

/* Returns the desk surface, w x h, 3-band float, or NULL. */
static VipsImage *desk_surface(photo_desk kind, int w, int h, int seed)
{
	VipsImage *t[6] = { 0 };
	VipsImage *out = NULL;

	switch (kind) {
	case DESK_WOOD:
		/* Grain: Perlin noise drawn narrow and stretched across, so
		 * its features run in long streaks; a finer noise on top. */
		if (vips_perlin(&t[0], MAX(8, w / 12), h, "cell_size", 24,
				"seed", seed, NULL) ||
		    vips_resize(t[0], &t[1], (double) w / MAX(8, w / 12),
				"vscale", 1.0, NULL) ||
		    vips_perlin(&t[2], w, h, "cell_size", 9, "seed",
				seed + 1, NULL) ||
		    vips_linear1(t[2], &t[3], 0.35, 0, NULL) ||
		    vips_add(t[1], t[3], &t[4], NULL))
			goto out;
		out = coloured(t[4], (rgb){ 142, 96, 58 }, (rgb){ 46, 34, 22 });
		break;
	case DESK_FABRIC:
		/* A woven cloth: cells a few pixels wide, dark blue-grey. */
		if (vips_worley(&t[0], w, h, "cell_size", 5, "seed", seed, NULL) ||
		    vips_linear1(t[0], &t[1], 1.0 / 3.0, -1, NULL) ||
		    vips_perlin(&t[2], w, h, "cell_size", 60, "seed",
				seed + 1, NULL) ||
		    vips_add(t[1], t[2], &t[3], NULL))
			goto out;
		out = coloured(t[3], (rgb){ 70, 78, 96 }, (rgb){ 22, 22, 26 });
		break;
	default:
		/* A plain pale tabletop with soft blotches. */
		if (vips_perlin(&t[0], w, h, "cell_size", 200, "seed", seed,
				NULL))
			goto out;
		out = coloured(t[0], (rgb){ 205, 200, 190 }, (rgb){ 14, 14, 14 });
		break;
	}
out:
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		UNREF(t[i]);
	return out;
}

/* Returns light falling off across the photo: a one-band float image
 * from lo to hi along direction angle (radians), or NULL. */
static VipsImage *light(int w, int h, double angle, double lo, double hi)
{
	VipsImage *t[4] = { 0 };
	VipsImage *out = NULL;
	double cx = cos(angle), cy = sin(angle);
	double span = fabs(cx) * w + fabs(cy) * h;
	double k = (hi - lo) / span;
	/* At the corner where cx x + cy y is least the light is lo. */
	double least = MIN(0, cx * w) + MIN(0, cy * h);

	if (vips_xyz(&t[0], w, h, NULL) ||
	    vips_extract_band(t[0], &t[1], 0, NULL) ||
	    vips_extract_band(t[0], &t[2], 1, NULL) ||
	    vips_linear1(t[1], &t[3], cx * k, lo - least * k, NULL))
		goto out;
	UNREF(t[0]);
	if (vips_linear1(t[2], &t[0], cy * k, 0, NULL) ||
	    vips_add(t[3], t[0], &out, NULL))
		goto out;
out:
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		UNREF(t[i]);
	return out;
}

/* ---------------------------------------------------------------- place */

/* Returns a 2-band float index image for vips_mapim(): at every pixel of
 * a w x h photo, the document coordinate inv maps it to. NULL on error. */
static VipsImage *index_image(const double inv[9], int w, int h)
{
	size_t n = (size_t) w * h * 2;
	float *buf = g_try_new(float, n);
	VipsImage *out;

	if (!buf) {
		vips_error("gen", "out of memory for the photo warp");
		return NULL;
	}
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double u, v;
			apply(inv, x + 0.5, y + 0.5, &u, &v);
			buf[((size_t) y * w + x) * 2] = (float) (u - 0.5);
			buf[((size_t) y * w + x) * 2 + 1] = (float) (v - 0.5);
		}
	out = vips_image_new_from_memory_copy(buf, n * sizeof(float), w, h,
					      2, VIPS_FORMAT_FLOAT);
	g_free(buf);
	return out;
}

int photo_place(doc *d, VipsImage **img, const photo_spec *p, GRand *rng,
		double corners[4][2])
{
	VipsImage *t[12] = { 0 };
	VipsImage *src = *img;
	/* Landscape 4:3, as phones take them. */
	int pw = p->long_side, ph = p->long_side * 3 / 4;
	double k = p->fill * pw / src->Xsize;
	double sw, sh, h[9], inv[9], src_c[4][2], dst[4][2];
	double rad = p->tilt * G_PI / 180;
	double max_move = p->perspective * src->Xsize * k;
	int ret = -1;

	/* Shrinking by mapim alone would alias: bring the document near its
	 * photo size first, leaving the warp to enlarge a little at most. */
	if (k < 1) {
		if (vips_resize(src, &t[0], k, NULL))
			goto out;
		src = t[0];
		doc_map_items(d->items, (double[9]){ k, 0, 0, 0, k, 0, 0, 0, 1 });
		k = 1;
	}
	sw = src->Xsize;
	sh = src->Ysize;
	/* The document's corners: scaled by k, turned by the tilt about the
	 * photo's centre, then each moved on its own by up to max_move. */
	double sc[4][2] = { { 0, 0 }, { sw, 0 }, { sw, sh }, { 0, sh } };
	for (int i = 0; i < 4; i++) {
		double x = (sc[i][0] - sw / 2) * k, y = (sc[i][1] - sh / 2) * k;
		src_c[i][0] = sc[i][0];
		src_c[i][1] = sc[i][1];
		dst[i][0] = pw / 2.0 + x * cos(rad) - y * sin(rad) +
			    g_rand_double_range(rng, -max_move, max_move);
		dst[i][1] = ph / 2.0 + x * sin(rad) + y * cos(rad) +
			    g_rand_double_range(rng, -max_move, max_move);
		corners[i][0] = dst[i][0];
		corners[i][1] = dst[i][1];
	}
	if (homography(src_c, dst, h) || invert3(h, inv)) {
		vips_error("gen", "degenerate photo corners");
		goto out;
	}
	/* The document with an opaque alpha, warped: outside it the alpha
	 * is 0 and the desk shows through. */
	double clear[4] = { 0, 0, 0, 0 };
	VipsArrayDouble *bg = vips_array_double_new(clear, 4);
	int bad = vips_bandjoin_const1(src, &t[11], 255, NULL) ||
		vips_copy(t[11], &t[1], "interpretation",
			  VIPS_INTERPRETATION_sRGB, NULL) ||
		!(t[2] = index_image(inv, pw, ph)) ||
		vips_mapim(t[1], &t[3], t[2], "background", bg, NULL);
	vips_area_unref(VIPS_AREA(bg));
	UNREF(t[11]);
	if (bad)
		goto out;
	/* Desk under the document; composite works on float RGBA. */
	if (!(t[4] = desk_surface(p->desk, pw, ph, g_rand_int(rng) & 0xffff)) ||
	    vips_bandjoin_const1(t[4], &t[10], 255, NULL) ||
	    vips_copy(t[10], &t[5], "interpretation", VIPS_INTERPRETATION_sRGB,
		      NULL) ||
	    vips_composite2(t[5], t[3], &t[6], VIPS_BLEND_MODE_OVER, NULL) ||
	    vips_extract_band(t[6], &t[7], 0, "n", 3, NULL))
		goto out;
	/* Uneven light, a soft lens, sensor noise. */
	if (!(t[8] = light(pw, ph, g_rand_double_range(rng, 0, 2 * G_PI),
			   0.72, 1.06)) ||
	    vips_multiply(t[7], t[8], &t[9], NULL))
		goto out;
	UNREF(t[6]);
	if (p->blur > 0 ? vips_gaussblur(t[9], &t[6], p->blur, NULL)
			: vips_copy(t[9], &t[6], NULL))
		goto out;
	UNREF(t[10]);
	if (vips_gaussnoise(&t[10], pw, ph, "sigma", 4.0, "mean", 0.0,
			    "seed", g_rand_int(rng) & 0xffff, NULL) ||
	    vips_add(t[6], t[10], &t[11], NULL))
		goto out;
	UNREF(t[6]);
	if (vips_cast_uchar(t[11], &t[6], NULL))
		goto out;
	UNREF(*img);
	if (!(*img = vips_image_copy_memory(t[6])))
		goto out;
	doc_map_items(d->items, h);
	ret = 0;
out:
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		UNREF(t[i]);
	return ret;
}
