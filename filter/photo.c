/* photo.c — the photo-region detector: every photograph printed on a
 * document (the portrait, the ghost portrait, a second small photo), found
 * as a picture and not as a face, so that a portrait the face cascades
 * miss is masked all the same. Interface (internal.h): photo_regions(),
 * photos_find().
 *
 * A document is text on a plain background: paper, a card's print, a
 * colour ramp, fine guilloche. Its photographs are the places where that
 * background gives way to continuous-tone image content, framed by it on
 * every side. So, on a grey working copy of about PHOTO_SIDE pixels:
 *  1. the texture of every pixel: the standard deviation of a slightly
 *     blurred copy over a small window (the blur takes sensor and JPEG
 *     noise out, a photo's shading and detail stay);
 *  2. the document's own quietness, measured around its text lines (the
 *     background a document prints its text on), sets the threshold
 *     between quiet and busy;
 *  3. the document's background: the quiet pixels joined to the text
 *     lines (a flood fill seeded with the lines; leptonica);
 *  4. the photographs are the holes in it: whatever that background
 *     encloses, not joined to the image's border. The desk under a phone
 *     photo of a card, textured as it may be, reaches the border; a
 *     picture printed on the card does not. Fragments of one picture are
 *     joined (a closing) and thin attachments cut off (an opening), so
 *     a ghost split by a guilloche stays one and a word touching a
 *     photo does not make it grow;
 *  5. a hole is kept when it is picture-sized (three text heights and
 *     more across, not a strip) and continuous-tone: its grey levels
 *     spread over their range, where text, codes and flat graphics (a
 *     chip, a logo) pile up at one or two levels (tone_spread()).
 * No text lines, no document: an image without text gets nothing here.
 *
 * Each region found is one finding of kind "photo": its box, the hole's
 * bounding box less the few pixels the texture window reaches past the
 * picture's edge. The face stage finds faces independently; pipeline.c
 * keeps one finding where both found the same portrait.
 *
 * Cost: one blur, one integral image and a few binary operations on the
 * working copy; a few tens of milliseconds (tests/bench/photos.sh).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "internal.h"

/* Fewer text lines than this on plain background, and the image is not
 * taken for a document (a "line" or two turn up in any photo). */
#define DOCUMENT_MIN_LINES 3
/* A document tilted less than this, degrees, has its photographs masked
 * as upright boxes (what a degree or two of tilt adds at the corners is
 * a pixel or two). */
#define TILT_MIN 2.0
/* Long side of the working copy, pixels: a ghost portrait on a card that
 * fills a third of a phone photo keeps some 25 pixels across. */
#define PHOTO_SIDE 1000
/* ... unless the document's text comes out under PHOTO_TEXT_PX there: a
 * small card on a large photo of a desk (a TD1 card a third of a
 * 2200-px photo, its text 15 px tall, 6.6 at PHOTO_SIDE) has its fine
 * print turned to texture by the window, its background no longer quiet,
 * and no photograph found on it. The copy is then made larger, to bring
 * the text to PHOTO_TEXT_PX, its long side at most PHOTO_SIDE_MAX. */
#define PHOTO_TEXT_PX 12.0
#define PHOTO_SIDE_MAX 2000.0
/* Gaussian sigma of the blur before the texture is measured, and the
 * half-width of the texture window, working pixels. */
#define TEXTURE_BLUR 1.0
#define TEXTURE_RADIUS 3
/* The quiet threshold: this many times the median texture of the
 * background around the text, plus QUIET_OFFSET, and never below
 * QUIET_MIN grey levels. A ghost portrait printed at 15-25 % opacity has
 * a median texture of 4-8 on the samples; a clean card's background is
 * under 1, a phone photo's (sensor noise) about 1.5. */
#define QUIET_TIMES 2.0
#define QUIET_OFFSET 0.5
#define QUIET_MIN 1.5
/* Where the background is sampled: between these many text heights from
 * a text line (nearer, the letters' own edges; further, other things). */
#define RING_NEAR 1.0
#define RING_FAR 2.5
/* A line is the document's text when its surroundings, between OWN_NEAR
 * and OWN_FAR of its own character height (other text left out), are
 * quiet but for at most 1 - OWN_RANK of them: a "line" the layout found
 * in a photo (eyes and mouth in a row, a tuft of hair, large and faint
 * on a phone photo) is surrounded by more photo, where a label beside a
 * portrait touches it on one side only. */
#define OWN_NEAR 0.5
#define OWN_FAR 1.5
#define OWN_RANK 0.5
/* A text line's box is grown by this share of its character height
 * before it counts as text (accents, descenders). */
#define LINE_PAD 0.3
/* A picture is at least this many text heights across, and at least
 * PHOTO_MIN_PX working pixels; its sides differ by at most PHOTO_ASPECT
 * times (a strip is a rule, a band or a line of text). */
#define PHOTO_MIN_TEXT 3.0
#define PHOTO_MIN_PX 14
#define PHOTO_ASPECT 2.4
/* At most this share of a picture lies on text lines (a block of text
 * the letters of which are not background is not a picture). */
#define PHOTO_TEXT 0.5
/* A photograph's tones (is_picture()), over TONE_BINS bins of the
 * range. Either spread over the whole region: at most TONE_TOP1 in one
 * bin and TONE_ENDS in the extreme fifths; or, a picture before a plain
 * backdrop (much of it one flat colour), at least CORE_SHARE of it
 * textured core, spread over that: at most CORE_TOP1 and CORE_ENDS.
 * Measured on the 49 samples (tests/check_photo.c prints them): every
 * portrait and ghost 0.10-0.28 and 0.14-0.60 over the whole, the plain
 * backdrops 0.30-0.35 there but 0.10-0.13 and 0.43-0.45 on their core
 * (core 0.50); the other holes (text the layout missed, codes, chips,
 * form boxes) 0.31 and more with 0.76 and more, or, chips, 0.53-0.64
 * with a core under 0.20, and at most one of them within 0.1 of a
 * threshold on its core (a QR code of a phone photo: ends 0.66). */
#define TONE_BINS 16
#define TONE_TOP1 0.30
#define TONE_ENDS 0.70
#define CORE_SHARE 0.30
#define CORE_TOP1 0.20
#define CORE_ENDS 0.55

/* Returns IDR_OK with *out an in-memory one-band uchar grey copy of img
 * scaled by k (<= 1). */
static idr_status grey_copy(VipsImage *img, double k, VipsImage **out,
			    idr_error *err)
{
	VipsImage *t[4] = { NULL };
	idr_status st = IDR_OK;

	*out = NULL;
	if (vips_resize(img, &t[0], k, NULL) ||
	    vips_colourspace(t[0], &t[1], VIPS_INTERPRETATION_B_W, NULL) ||
	    vips_extract_band(t[1], &t[2], 0, NULL) ||
	    vips_cast_uchar(t[2], &t[3], NULL) ||
	    !(*out = vips_image_copy_memory(t[3])))
		st = idr_fail(err, IDR_ERR_INTERNAL, "photos: grey copy: %s",
			      vips_error_buffer());
	vips_error_clear();
	for (int i = 0; i < 4; i++)
		IDR_UNREF(t[i]);
	return st;
}

/* Returns IDR_OK with tex (w x h, allocated here) the texture of grey:
 * the standard deviation over the (2 TEXTURE_RADIUS + 1)-square window
 * of grey blurred by TEXTURE_BLUR, from integral images. */
static idr_status texture_of(VipsImage *grey, float **tex, idr_error *err)
{
	VipsImage *f = NULL, *b = NULL, *m = NULL;
	int w = grey->Xsize, h = grey->Ysize, stride = w + 1, r = TEXTURE_RADIUS;
	double *sum = NULL, *sq = NULL;

	*tex = NULL;
	if (vips_cast_float(grey, &f, NULL) ||
	    vips_gaussblur(f, &b, TEXTURE_BLUR, "precision",
			   VIPS_PRECISION_FLOAT, NULL) ||
	    !(m = vips_image_copy_memory(b))) {
		IDR_UNREF(f);
		IDR_UNREF(b);
		idr_status st = idr_fail(err, IDR_ERR_INTERNAL,
					 "photos: blur: %s", vips_error_buffer());
		vips_error_clear();
		return st;
	}
	sum = g_new0(double, (size_t)stride * (h + 1));
	sq = g_new0(double, (size_t)stride * (h + 1));
	for (int y = 0; y < h; y++) {
		const float *row = (const float *)VIPS_IMAGE_ADDR(m, 0, y);
		double acc = 0, acc2 = 0;
		for (int x = 0; x < w; x++) {
			acc += row[x];
			acc2 += (double)row[x] * row[x];
			sum[(size_t)(y + 1) * stride + x + 1] = sum[(size_t)y * stride + x + 1] + acc;
			sq[(size_t)(y + 1) * stride + x + 1] = sq[(size_t)y * stride + x + 1] + acc2;
		}
	}
	*tex = g_new(float, (size_t)w * h);
	for (int y = 0; y < h; y++) {
		int y0 = MAX(y - r, 0), y1 = MIN(y + r + 1, h);
		for (int x = 0; x < w; x++) {
			int x0 = MAX(x - r, 0), x1 = MIN(x + r + 1, w);
			size_t a = (size_t)y0 * stride + x0, bb = (size_t)y0 * stride + x1;
			size_t c = (size_t)y1 * stride + x0, d = (size_t)y1 * stride + x1;
			double n = (double)(x1 - x0) * (y1 - y0);
			double mean = (sum[d] - sum[bb] - sum[c] + sum[a]) / n;
			double var = (sq[d] - sq[bb] - sq[c] + sq[a]) / n - mean * mean;
			(*tex)[(size_t)y * w + x] = (float)sqrt(MAX(var, 0.0));
		}
	}
	g_free(sum);
	g_free(sq);
	IDR_UNREF(f);
	IDR_UNREF(b);
	IDR_UNREF(m);
	return IDR_OK;
}

/* Marks with value v (where near holds a larger value) every pixel of
 * near (w x h) inside line l's rectangle grown by pad on every side;
 * l in working pixels. */
static void mark_line(guint8 *near, int w, int h, const text_line *l,
		      double pad, guint8 v)
{
	double ca = cos(l->angle * G_PI / 180), sa = sin(l->angle * G_PI / 180);
	double hu = l->length / 2 + pad, hv = l->thickness / 2 + pad;
	/* the bounding box of the turned rectangle */
	double ex = fabs(hu * ca) + fabs(hv * sa), ey = fabs(hu * sa) + fabs(hv * ca);
	int x0 = MAX(0, (int)floor(l->cx - ex)), x1 = MIN(w - 1, (int)ceil(l->cx + ex));
	int y0 = MAX(0, (int)floor(l->cy - ey)), y1 = MIN(h - 1, (int)ceil(l->cy + ey));

	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++) {
			double dx = x + 0.5 - l->cx, dy = y + 0.5 - l->cy;
			double u = dx * ca + dy * sa, vv = -dx * sa + dy * ca;
			guint8 *p = &near[(size_t)y * w + x];
			if (fabs(u) <= hu && fabs(vv) <= hv && *p > v)
				*p = v;
		}
}

/* What near[] holds for a pixel. */
enum { NEAR_TEXT = 1, NEAR_RING_IN = 2, NEAR_RING = 3, NEAR_NONE = 4 };

static int by_float(const void *a, const void *b)
{
	float d = *(const float *)a - *(const float *)b;
	return d < 0 ? -1 : d > 0;
}

/* Texture values counted in bins of TEX_STEP grey levels, the last bin
 * holding everything from TEX_BINS steps up: quantiles without sorting
 * (the thresholds they set lie at a few grey levels). */
#define TEX_STEP 0.05
#define TEX_BINS 640

typedef struct tex_hist {
	int bin[TEX_BINS + 1];
	int n;
} tex_hist;

static void tex_add(tex_hist *t, float v)
{
	t->bin[MIN(TEX_BINS, (int)(v / TEX_STEP))]++;
	t->n++;
}

/* Returns the q quantile (0..1) of t, 0 when it is empty. */
static double tex_quantile(const tex_hist *t, double q)
{
	int want = (int)(q * (t->n - 1)), acc = 0;

	for (int b = 0; b <= TEX_BINS; b++)
		if ((acc += t->bin[b]) > want)
			return (b + 0.5) * TEX_STEP;
	return 0;
}

/* Returns a 1-bpp leptonica image, ON where the w x h array a holds a
 * value in lo..hi; NULL when out of memory. */
static PIX *pix_where(int w, int h, const guint8 *a, guint8 lo, guint8 hi)
{
	PIX *pix = pixCreate(w, h, 1);

	if (!pix)
		return NULL;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);
	for (int y = 0; y < h; y++) {
		l_uint32 *line = data + (size_t)y * wpl;
		for (int x = 0; x < w; x++) {
			guint8 v = a[(size_t)y * w + x];
			if (v >= lo && v <= hi)
				SET_DATA_BIT(line, x);
		}
	}
	return pix;
}


/* Fills *t from the histogram hist of n pixels: the range from the 2nd
 * to the 98th percentile, and the shares in the most common of
 * TONE_BINS bins over it and in its extreme fifths. */
static void tones_of(const int hist[256], int n, tones *t)
{
	int lo = 0, hi = 255, bins[TONE_BINS] = { 0 }, e = 0, b1 = 0;

	*t = (tones){ .top1 = 1, .ends = 1 };
	if (n == 0)
		return;
	for (int acc = 0; lo < 255 && (acc += hist[lo]) <= n / 50; lo++)
		;
	for (int acc = 0; hi > 0 && (acc += hist[hi]) <= n / 50; hi--)
		;
	if (hi <= lo)
		return;   /* one grey level: flat */
	for (int v = 0; v < 256; v++) {
		if ((v - lo) * 5 < (hi - lo) || (hi - v) * 5 < (hi - lo))
			e += hist[v];
		int b = (int)((double)(CLAMP(v, lo, hi) - lo) * TONE_BINS / (hi - lo + 1));
		bins[MIN(b, TONE_BINS - 1)] += hist[v];
	}
	for (int i = 0; i < TONE_BINS; i++)
		b1 = MAX(b1, bins[i]);
	t->range = hi - lo;
	t->top1 = (double)b1 / n;
	t->ends = (double)e / n;
}

/* Measures the tones of a region (mask ON, at ox, oy in grey; text left
 * out) into r: over all its pixels, and over its core (core ON: the
 * pixels textured beyond any sharp edge's halo). */
static void tone_spread(VipsImage *grey, const guint8 *near, PIX *mask,
			PIX *core, int ox, int oy, photo_region *r)
{
	int hist[256] = { 0 }, chist[256] = { 0 }, n = 0, nc = 0, all = 0;
	double sx = 0, sy = 0;
	int mw = pixGetWidth(mask), mh = pixGetHeight(mask), w = grey->Xsize;
	l_uint32 *data = pixGetData(mask), *cdata = pixGetData(core);
	int wpl = pixGetWpl(mask), cwpl = pixGetWpl(core);

	for (int y = 0; y < mh; y++) {
		const l_uint32 *line = data + (size_t)y * wpl;
		const l_uint32 *cline = cdata + (size_t)(oy + y) * cwpl;
		const guint8 *row = VIPS_IMAGE_ADDR(grey, ox, oy + y);
		for (int x = 0; x < mw; x++) {
			if (!GET_DATA_BIT(line, x))
				continue;
			all++;
			if (near[(size_t)(oy + y) * w + ox + x] == NEAR_TEXT)
				continue;
			hist[row[x]]++;
			n++;
			sx += ox + x + 0.5;
			sy += oy + y + 0.5;
			if (GET_DATA_BIT(cline, ox + x)) {
				chist[row[x]]++;
				nc++;
			}
		}
	}
	r->pixels = n;
	r->text = all ? 1 - (double)n / all : 1;
	r->core = n ? (double)nc / n : 0;
	r->cx = n ? sx / n : ox;
	r->cy = n ? sy / n : oy;
	tones_of(hist, n, &r->all);
	tones_of(chist, nc, &r->inner);
}

/* A faint region (grey range under FAINT_RANGE: a ghost portrait's is
 * 30-55 levels on the samples, a portrait's 150-250) is grown to the
 * proportions of the largest region, by at most FAINT_GROW of a side. */
#define FAINT_RANGE 80
#define FAINT_GROW 0.3

/* Gives every faint kept region of regions (from index first on) the
 * proportions of the largest kept one, centred on its own pixels, when
 * it is smaller: a ghost portrait is the portrait printed again, small
 * and faint, and where its backdrop prints as pale as the card the hole
 * ends with the head. Boxes only grow, and stay within width x height. */
static void frame_faint(GArray *regions, guint first, int width, int height)
{
	const photo_region *big = NULL;

	for (guint i = first; i < regions->len; i++) {
		const photo_region *r = &g_array_index(regions, photo_region, i);
		if (r->kept && (!big || (double)r->box.w * r->box.h >
					(double)big->box.w * big->box.h))
			big = r;
	}
	if (!big || big->box.h <= 0)
		return;
	double aspect = (double)big->box.w / big->box.h;
	for (guint i = first; i < regions->len; i++) {
		photo_region *r = &g_array_index(regions, photo_region, i);
		if (!r->kept || r == big || r->all.range >= FAINT_RANGE ||
		    r->box.w * 2 > big->box.w || r->box.h <= 0)
			continue;
		idr_rect g = r->box;
		double w = g.h * aspect, h = g.w / aspect;
		if (w > g.w) {
			w = MIN(w, (1 + FAINT_GROW) * g.w);
			g.x = (int)floor(r->cx - w / 2);
			g.w = (int)ceil(w);
		} else if (h > g.h) {
			h = MIN(h, (1 + FAINT_GROW) * g.h);
			g.y = (int)floor(r->cy - h / 2);
			g.h = (int)ceil(h);
		}
		r->box = rect_pad_clip(rect_union(r->box, g), 0, width, height);
	}
}

/* Returns a 1-bpp image ON where d0 (the quiet pixels joined to the
 * text) is not the document's background, or NULL when out of memory.
 * The background is where the text is: a part of d0 that flanks fewer
 * than DOCUMENT_MIN_LINES of lines (working pixels) is an island — the inside of a photo that a "line" found in it seeded, a
 * boxed form field — and is left out of it. */
static PIX *not_background(PIX *d0, const GArray *lines)
{
	PIX *labels = pixConnCompTransform(d0, 4, 32), *nd = NULL;
	int w = pixGetWidth(d0), h = pixGetHeight(d0);
	guint *count = NULL;
	l_uint32 most = 0;

	if (!labels)
		goto out;
	l_uint32 *data = pixGetData(labels);
	int wpl = pixGetWpl(labels);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			most = MAX(most, data[(size_t)y * wpl + x]);
	count = g_new0(guint, (size_t)most + 1);
	for (guint i = 0; i < lines->len; i++) {
		const text_line *l = &g_array_index(lines, text_line, i);
		/* the part of d0 most of the line's two flanks lie in: the
		 * rows just outside its box, above and below */
		double ca = cos(l->angle * G_PI / 180), sa = sin(l->angle * G_PI / 180);
		double v = l->thickness / 2 + LINE_PAD * l->char_px + 1.5;
		l_uint32 seen[16] = { 0 };
		guint tally[16] = { 0 }, best = 0;
		for (double u = -l->length / 2; u <= l->length / 2; u += 1)
			for (int side = -1; side <= 1; side += 2) {
				int x = (int)(l->cx + u * ca - side * v * sa);
				int y = (int)(l->cy + u * sa + side * v * ca);
				if (x < 0 || y < 0 || x >= w || y >= h)
					continue;
				l_uint32 lab = data[(size_t)y * wpl + x];
				for (int k = 0; lab && k < 16; k++)
					if (seen[k] == lab || !seen[k]) {
						seen[k] = lab;
						tally[k]++;
						break;
					}
			}
		for (int k = 1; k < 16; k++)
			if (tally[k] > tally[best])
				best = k;
		if (seen[best])
			count[seen[best]]++;
	}
	if (!(nd = pixCreate(w, h, 1)))
		goto out;
	l_uint32 *nddata = pixGetData(nd);
	int ndwpl = pixGetWpl(nd);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			l_uint32 lab = data[(size_t)y * wpl + x];
			if (!lab || count[lab] < DOCUMENT_MIN_LINES)
				SET_DATA_BIT(nddata + (size_t)y * ndwpl, x);
		}
out:
	g_free(count);
	pixDestroy(&labels);
	return nd;
}

/* Returns true when region r's tones are a photograph's. */
static bool is_picture(const photo_region *r)
{
	return (r->all.top1 <= TONE_TOP1 && r->all.ends <= TONE_ENDS) ||
	       (r->core >= CORE_SHARE && r->inner.top1 <= CORE_TOP1 &&
		r->inner.ends <= CORE_ENDS);
}

/* Fills near (w x h) from lines (working pixels, ch their median text
 * height): NEAR_TEXT on a line, NEAR_RING_IN up to RING_NEAR text heights
 * from one, NEAR_RING up to RING_FAR, NEAR_NONE elsewhere. */
static void mark_lines(guint8 *near, int w, int h, const GArray *lines,
		       double ch)
{
	memset(near, NEAR_NONE, (size_t)w * h);
	for (guint i = 0; i < lines->len; i++) {
		const text_line *l = &g_array_index(lines, text_line, i);
		mark_line(near, w, h, l, RING_FAR * ch, NEAR_RING);
		mark_line(near, w, h, l, RING_NEAR * ch, NEAR_RING_IN);
		mark_line(near, w, h, l, LINE_PAD * l->char_px, NEAR_TEXT);
	}
}

/* Returns the median of tex over the n pixels where near is v (0 when
 * none). */
static double ring_median(const guint8 *near, const float *tex, size_t n,
			  guint8 v)
{
	tex_hist t = { { 0 }, 0 };

	for (size_t i = 0; i < n; i++)
		if (near[i] == v)
			tex_add(&t, tex[i]);
	return tex_quantile(&t, 0.5);
}

/* Returns the OWN_RANK quantile of tex (w x h) between OWN_NEAR and
 * OWN_FAR of its own text height around line l, leaving out the text of
 * every line (near, from mark_lines()): the background the line stands
 * on. */
static double line_ring_quantile(const float *tex, const guint8 *near, int w,
				 int h, const text_line *l)
{
	double ca = cos(l->angle * G_PI / 180), sa = sin(l->angle * G_PI / 180);
	double c = l->char_px;
	double fu = l->length / 2 + OWN_FAR * c, fv = l->thickness / 2 + OWN_FAR * c;
	double nu = l->length / 2 + OWN_NEAR * c, nv = l->thickness / 2 + OWN_NEAR * c;
	double ex = fabs(fu * ca) + fabs(fv * sa), ey = fabs(fu * sa) + fabs(fv * ca);
	int x0 = MAX(0, (int)floor(l->cx - ex)), x1 = MIN(w - 1, (int)ceil(l->cx + ex));
	int y0 = MAX(0, (int)floor(l->cy - ey)), y1 = MIN(h - 1, (int)ceil(l->cy + ey));
	tex_hist *t = g_new0(tex_hist, 1);

	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++) {
			double dx = x + 0.5 - l->cx, dy = y + 0.5 - l->cy;
			double u = fabs(dx * ca + dy * sa), v = fabs(-dx * sa + dy * ca);
			if (u <= fu && v <= fv && (u > nu || v > nv) &&
			    near[(size_t)y * w + x] != NEAR_TEXT)
				tex_add(t, tex[(size_t)y * w + x]);
		}
	double q = tex_quantile(t, OWN_RANK);
	g_free(t);
	return q;
}

/* The document's tilt: the median of its lines' directions, less the
 * nearest quarter turn, degrees in (-45, 45]. */
static double text_skew(const GArray *lines)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(float));
	for (guint i = 0; i < lines->len; i++) {
		double d = g_array_index(lines, text_line, i).angle;
		float s = (float)(d - 90 * floor((d + 45) / 90));
		g_array_append_val(a, s);
	}
	g_array_sort(a, by_float);
	double skew = a->len ? g_array_index(a, float, a->len / 2) : 0;
	g_array_free(a, TRUE);
	return skew;
}

/* Sets r's quad from the extent of component m (its pixels at x, y in
 * the working copy, k working pixels per image pixel) along and across
 * the text, turned skew degrees: a portrait on a card tilted in a photo
 * is a turned rectangle, and its bounding box reaches over the labels
 * and lines beside it. The same TEXTURE_RADIUS - 1 comes off each side
 * as off the box, and a pixel more round for the scaling. */
static void turned_edges(PIX *m, int x, int y, double skew, double k,
			 photo_region *r)
{
	double a = skew * G_PI / 180, c = cos(a), s = sin(a);
	double u0 = G_MAXDOUBLE, u1 = -G_MAXDOUBLE;
	double v0 = G_MAXDOUBLE, v1 = -G_MAXDOUBLE;
	int w = (int)pixGetWidth(m), h = (int)pixGetHeight(m);

	for (int j = 0; j < h; j++)
		for (int i = 0; i < w; i++) {
			l_uint32 on = 0;
			pixGetPixel(m, i, j, &on);
			if (!on)
				continue;
			double px = x + i + 0.5, py = y + j + 0.5;
			double u = px * c + py * s, v = -px * s + py * c;
			u0 = MIN(u0, u);
			u1 = MAX(u1, u);
			v0 = MIN(v0, v);
			v1 = MAX(v1, v);
		}
	if (u0 > u1)
		return;
	double e = TEXTURE_RADIUS - 1 - 0.5;
	if (u1 - u0 > 2 * e + 2 && v1 - v0 > 2 * e + 2) {
		u0 += e;
		u1 -= e;
		v0 += e;
		v1 -= e;
	}
	/* to image pixels, a pixel more round */
	u0 = u0 / k - 1;
	v0 = v0 / k - 1;
	u1 = u1 / k + 1;
	v1 = v1 / k + 1;
	for (int q = 0; q < 4; q++) {
		double u = q & 1 ? u1 : u0, v = q & 2 ? v1 : v0;
		r->quad[q][0] = u * c - v * s;
		r->quad[q][1] = u * s + v * c;
	}
	r->tilted = true;
}

/* A region's box comes from the texture of a working copy: it reaches
 * past a sharp picture edge by up to the texture window's radius plus
 * the blur's (two sigmas), less the TEXTURE_RADIUS - 1 taken off, working
 * pixels, and one image pixel for the scaling; on a card that is a band
 * of 4-5 px of plain card all round its portrait, some 0.6 % of the card
 * masked for nothing. photo_snap() takes each side of box in, over at
 * most that reach, while the outermost row or column of the box is the
 * plain background outside it: the SNAP_RANK quantile of its pixels'
 * differences from the line just outside is at most that of the outside
 * line's differences from the next one out (the background's grain:
 * paper, JPEG, a ramp) plus SNAP_TOLERANCE grey levels. A sharp edge
 * stops it at once, and so does an edge crossing more than 1 - SNAP_RANK
 * of the line (a picture tilted a degree or two). A faint region (grey
 * range under FAINT_RANGE) is not snapped: a ghost printed at a tenth of
 * the ink stands 3-5 levels off its card at its edge, within the grain
 * and the tolerance (plain_sg_01's lost 7 px of its side). A side with no
 * room outside it (the image's border) is left as found, and so is the
 * box on a vips error. */
#define SNAP_TOLERANCE 4
#define SNAP_RANK 0.98

/* The SNAP_RANK quantile of the absolute differences between two lines
 * of n pixels of grey, each from (x, y) stepping (dx, dy). */
static int line_gap(VipsImage *grey, int xa, int ya, int xb, int yb, int dx,
		    int dy, int n)
{
	int hist[256] = { 0 }, v = 0;

	for (int i = 0; i < n; i++)
		hist[abs(*VIPS_IMAGE_ADDR(grey, xa + i * dx, ya + i * dy) -
			 *VIPS_IMAGE_ADDR(grey, xb + i * dx, yb + i * dy))]++;
	for (int acc = hist[0]; v < 255 && acc < SNAP_RANK * n; acc += hist[++v])
		;
	return v;
}

/* How many lines of grey (n pixels each, along (dx, dy)), from the side
 * line at (x, y) inward by (ix, iy), at most most, are the plain
 * background outside that side: the line before (x, y) and the one
 * before that give the background's grain. */
static int plain_lines(VipsImage *grey, int x, int y, int ix, int iy, int dx,
		       int dy, int n, int most)
{
	int ox = x - ix, oy = y - iy, t = 0;
	int grain = line_gap(grey, ox, oy, ox - ix, oy - iy, dx, dy, n);

	while (t < most && line_gap(grey, x + t * ix, y + t * iy, ox, oy, dx,
				    dy, n) <= grain + SNAP_TOLERANCE)
		t++;
	return t;
}

void photo_snap(VipsImage *img, double k, idr_rect *box)
{
	idr_rect around = rect_pad_clip(*box, 2, img->Xsize, img->Ysize);
	VipsImage *part = NULL, *grey = NULL;
	idr_error ignored = { 0 };
	int reach = (int)ceil((TEXTURE_RADIUS + 2 * TEXTURE_BLUR -
			       (TEXTURE_RADIUS - 1)) / k) + 1;

	if (around.w <= 0 || around.h <= 0 ||
	    vips_extract_area(img, &part, around.x, around.y, around.w,
			      around.h, NULL) ||
	    grey_copy(part, 1.0, &grey, &ignored)) {
		vips_error_clear();
		IDR_UNREF(part);
		return;
	}
	/* box in the part's pixels: x0..x1, y0..y1 inclusive; each side's
	 * lines span the box as found; a side needs two lines outside it */
	int x0 = box->x - around.x, y0 = box->y - around.y;
	int x1 = x0 + box->w - 1, y1 = y0 + box->h - 1;
	int w = box->w, h = box->h, bx = x0, by = y0;
	if (x0 >= 2)
		x0 += plain_lines(grey, x0, by, 1, 0, 0, 1, h,
				  MIN(reach, x1 - x0 - 2 * reach));
	if (x1 + 2 < grey->Xsize)
		x1 -= plain_lines(grey, x1, by, -1, 0, 0, 1, h,
				  MIN(reach, x1 - x0 - 2 * reach));
	if (y0 >= 2)
		y0 += plain_lines(grey, bx, y0, 0, 1, 1, 0, w,
				  MIN(reach, y1 - y0 - 2 * reach));
	if (y1 + 2 < grey->Ysize)
		y1 -= plain_lines(grey, bx, y1, 0, -1, 1, 0, w,
				  MIN(reach, y1 - y0 - 2 * reach));
	*box = (idr_rect){ around.x + x0, around.y + y0, x1 - x0 + 1,
			   y1 - y0 + 1 };
	IDR_UNREF(part);
	IDR_UNREF(grey);
}

idr_status photo_regions(VipsImage *img, const GArray *lines, GArray *out,
			 idr_error *err)
{
	int side = MAX(img->Xsize, img->Ysize);
	double k = MIN(1.0, (double)PHOTO_SIDE / side);
	VipsImage *grey = NULL;
	float *tex = NULL;
	guint8 *near = NULL, *quiet = NULL;
	PIX *pq = NULL, *pt = NULL, *d0 = NULL, *nd = NULL, *seed = NULL;
	PIX *outside = NULL, *holes = NULL, *closed = NULL, *opened = NULL;
	PIX *busy = NULL, *core = NULL;
	BOXA *boxa = NULL;
	PIXA *pixa = NULL;
	GArray *work = NULL;   /* the text lines, working pixels */
	idr_status st = IDR_OK;
	guint first = out->len;

	if (!lines || lines->len == 0)
		return IDR_OK;   /* no text: not a document */
	/* the lines' median text height, image pixels */
	GArray *heights = g_array_new(FALSE, FALSE, sizeof(float));
	for (guint i = 0; i < lines->len; i++) {
		float c = (float)g_array_index(lines, text_line, i).char_px;
		g_array_append_val(heights, c);
	}
	g_array_sort(heights, by_float);
	double ch = MAX(2.0, g_array_index(heights, float, heights->len / 2));
	g_array_free(heights, TRUE);
	if (ch * k < PHOTO_TEXT_PX)
		k = MIN(MIN(1.0, PHOTO_SIDE_MAX / side), PHOTO_TEXT_PX / ch);
	ch *= k;
	if ((st = grey_copy(img, k, &grey, err)) ||
	    (st = texture_of(grey, &tex, err)))
		goto out;
	int w = grey->Xsize, h = grey->Ysize;
	size_t n = (size_t)w * h;
	/* the lines in working pixels */
	work = g_array_new(FALSE, FALSE, sizeof(text_line));
	for (guint i = 0; i < lines->len; i++) {
		text_line l = g_array_index(lines, text_line, i);
		l.cx *= k;
		l.cy *= k;
		l.length *= k;
		l.thickness *= k;
		l.char_px *= k;
		g_array_append_val(work, l);
	}
	near = g_malloc(n);
	/* The background's own texture, around the text: its median sets
	 * the threshold. Then only the lines that stand on quiet background
	 * are the document's text; the others are "lines" the layout found
	 * in a picture (eyes and mouth in a row, print on a shirt), which
	 * must not seed the background. */
	mark_lines(near, w, h, work, ch);
	double tq = MAX(QUIET_MIN, QUIET_TIMES * ring_median(near, tex, n,
							      NEAR_RING) + QUIET_OFFSET);
	for (guint i = work->len; i-- > 0;) {
		const text_line *l = &g_array_index(work, text_line, i);
		if (line_ring_quantile(tex, near, w, h, l) >= tq)
			g_array_remove_index(work, i);
	}
	mark_lines(near, w, h, work, ch);
#ifdef PHOTO_DEBUG
	if (getenv("PHOTO_DEBUG"))
		fprintf(stderr, "tq %.2f ch %.1f lines %u of %u\n", tq, ch, work->len, lines->len);
#endif
	if (work->len < DOCUMENT_MIN_LINES)
		goto out;   /* hardly any text: not a document */
	/* quiet: 1; quiet among and beside the text (the seeds): 2. The
	 * letters themselves are not background: a line's box must not
	 * bridge a photo's edge. */
	quiet = g_malloc(n);
	for (size_t i = 0; i < n; i++)
		quiet[i] = tex[i] >= tq ? 0 : near[i] <= NEAR_RING_IN ? 2 : 1;
	if (!(pq = pix_where(w, h, quiet, 1, 2)) ||
	    !(pt = pix_where(w, h, quiet, 2, 2)) ||
	    /* the background: quiet pixels joined to the text */
	    !(d0 = pixSeedfillBinary(NULL, pt, pq, 4)) ||
	    !(nd = not_background(d0, work)) ||
	    /* what of the rest reaches the border is outside the document */
	    !(seed = pixCreate(w, h, 1)) ||
	    pixSetOrClearBorder(seed, 1, 1, 1, 1, PIX_SET) ||
	    !pixAnd(seed, seed, nd) ||
	    !(outside = pixSeedfillBinary(NULL, seed, nd, 8)) ||
	    !(holes = pixXor(NULL, nd, outside)) ||
	    /* fragments joined, attachments cut off */
	    !(closed = pixCloseBrick(NULL, holes, 3, 3)) ||
	    !(opened = pixOpenBrick(NULL, closed, 2 * TEXTURE_RADIUS + 3,
				    2 * TEXTURE_RADIUS + 3)) ||
	    !(boxa = pixConnComp(opened, &pixa, 8)) ||
	    /* the textured core: busy pixels beyond an edge's halo */
	    !(busy = pixInvert(NULL, pq)) ||
	    !(core = pixErodeBrick(NULL, busy, 2 * TEXTURE_RADIUS + 3,
				   2 * TEXTURE_RADIUS + 3))) {
		st = idr_fail(err, IDR_ERR_NOMEM, "photos: out of memory");
		goto out;
	}
#ifdef PHOTO_DEBUG
	if (getenv("PHOTO_DEBUG")) {
		char path[512];
		snprintf(path, sizeof path, "%s-d0.png", getenv("PHOTO_DEBUG"));
		pixWrite(path, d0, IFF_PNG);
		snprintf(path, sizeof path, "%s-holes.png", getenv("PHOTO_DEBUG"));
		pixWrite(path, holes, IFF_PNG);
		snprintf(path, sizeof path, "%s-opened.png", getenv("PHOTO_DEBUG"));
		pixWrite(path, opened, IFF_PNG);
		snprintf(path, sizeof path, "%s-text.png", getenv("PHOTO_DEBUG"));
		pixWrite(path, pt, IFF_PNG);
		fprintf(stderr, "tq %.2f ch %.1f lines %u of %u\n", tq, ch, work->len, lines->len);
	}
#endif
	double skew = text_skew(work);
	for (int i = 0; i < boxaGetCount(boxa); i++) {
		photo_region r = { 0 };
		l_int32 x, y, bw, bh;
		boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
		PIX *m = pixaGetPix(pixa, i, L_CLONE);
		tone_spread(grey, near, m, core, x, y, &r);
		if (fabs(skew) >= TILT_MIN)
			turned_edges(m, x, y, skew, k, &r);
		pixDestroy(&m);
		r.text_px = ch / k;
		r.across = MIN(bw, bh) / ch;
		r.kept = r.pixels > 0 && r.text <= PHOTO_TEXT &&
			 MIN(bw, bh) >= PHOTO_MIN_TEXT * ch &&
			 MIN(bw, bh) >= PHOTO_MIN_PX &&
			 MAX(bw, bh) <= PHOTO_ASPECT * MIN(bw, bh) &&
			 is_picture(&r);
		/* The hole reaches up to TEXTURE_RADIUS pixels past the
		 * picture's edge (where the window first takes a sharp edge
		 * in; less for a faint one): one less than that comes off,
		 * then a pixel more round for the scaling. */
		int e = TEXTURE_RADIUS - 1;
		if (bw > 2 * e + 2 && bh > 2 * e + 2) {
			x += e;
			y += e;
			bw -= 2 * e;
			bh -= 2 * e;
		}
		int x0 = (int)floor(x / k) - 1, y0 = (int)floor(y / k) - 1;
		int x1 = (int)ceil((x + bw) / k) + 1, y1 = (int)ceil((y + bh) / k) + 1;
		r.box = rect_pad_clip((idr_rect){ x0, y0, x1 - x0, y1 - y0 }, 0,
				      img->Xsize, img->Ysize);
		if (r.kept && !r.tilted && r.all.range >= FAINT_RANGE &&
		    r.box.w > 0 && r.box.h > 0)
			photo_snap(img, k, &r.box);
		/* A faint tilted picture's hole may fall short of its edges
		 * where it fades into the card (photo_passport_01's ghost:
		 * 85 % of it in the box at the finer scale); its turned
		 * rectangle, measured along the text, holds it, and so does
		 * the box then. */
		bool faint = r.all.range < FAINT_RANGE;
		for (int q = 0; r.tilted && faint && q < 4; q++) {
			idr_rect c = { (int)floor(r.quad[q][0]),
				       (int)floor(r.quad[q][1]), 1, 1 };
			r.box = rect_pad_clip(rect_union(r.box, c), 0,
					      img->Xsize, img->Ysize);
		}
		r.cx /= k;
		r.cy /= k;
		g_array_append_val(out, r);
	}
	frame_faint(out, first, img->Xsize, img->Ysize);
out:
	if (work)
		g_array_free(work, TRUE);
	IDR_UNREF(grey);
	g_free(tex);
	g_free(near);
	g_free(quiet);
	pixDestroy(&pq);
	pixDestroy(&pt);
	pixDestroy(&d0);
	pixDestroy(&nd);
	pixDestroy(&seed);
	pixDestroy(&outside);
	pixDestroy(&holes);
	pixDestroy(&closed);
	pixDestroy(&opened);
	pixDestroy(&busy);
	pixDestroy(&core);
	boxaDestroy(&boxa);
	pixaDestroy(&pixa);
	return st;
}

idr_status photos_find(VipsImage *img, const GArray *lines, GArray *found,
		       idr_error *err)
{
	GArray *regions = g_array_new(FALSE, FALSE, sizeof(photo_region));
	idr_status st = photo_regions(img, lines, regions, err);

	for (guint i = 0; !st && i < regions->len; i++) {
		const photo_region *r = &g_array_index(regions, photo_region, i);
		if (!r->kept || r->box.w <= 0 || r->box.h <= 0)
			continue;
		/* The surer the further its tones are from piling up. */
		finding f = { .kind = "photo", .country = "", .box = r->box,
			      .confidence = CLAMP(1.0 - r->all.ends, 0.5, 0.95),
			      .checksum = -1, .tilted = r->tilted };
		memcpy(f.quad, r->quad, sizeof f.quad);
		g_array_append_val(found, f);
	}
	g_array_free(regions, TRUE);
	return st;
}
