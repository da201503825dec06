/* faces.c — the face stage: find every portrait on an image and say what
 * to mask. Interface (internal.h): faces_new(), faces_free(), faces_find().
 *
 * What is found, with OpenCV's frontal-face Haar cascade (opencv-data)
 * run by our own evaluator (cascade.c) on one grey working copy of about
 * WORK_SIDE pixels on the long side (a box-filter shrink):
 *  - portraits and any clear face, on the plain copy;
 *  - ghost portraits (the small faint copy many ID cards print), on a
 *    contrast-normalised copy computed here from integral images: the
 *    cascade refuses any window whose grey levels vary by 10 or less
 *    (OpenCV's rule, kept in cascade.c), which a 15-25 % print does not
 *    reach. Only faint regions are normalised; the rest goes flat. The
 *    copy is large enough that a ghost's face, about 4 % of a card's long
 *    side, keeps the 24-pixel training window;
 *  - small faces in photos that are not cards (a selfie with a card, a
 *    group), or on any image where the passes above find nothing: the
 *    plain pass again on a larger copy (up to BIG_SIDE), for the faces
 *    below the working copy's reach only;
 *  - ghosts the cascade misses (a face under the window on the working
 *    copy, or washed out by the card's pattern): reduced copies of the
 *    largest face found, by normalised cross-correlation (find_ghosts());
 *  - on cards turned by 90, 180 or 270 degrees, through the orientation
 *    OCR found; when nothing is found that way, the other three turns are
 *    tried too (recall first: a missed face is a leak).
 * A window the cascade takes for a face on a QR code or other two-tone
 * print is dropped (face_like()).
 *
 * What is masked: not the detector's inner face box but the whole head
 * (hair, ears, chin), and when the face sits in a photo rectangle — long
 * straight edges around it, as on an ID card, leaning a few degrees on a
 * skewed scan — the whole rectangle. A
 * ghost has no edges to find; it is a reduced copy of the portrait, so it
 * gets the portrait rectangle's proportions around its own face.
 *
 * Cost (tests/bench/faces.sh): the work is the two cascade passes; the
 * shrink is libvips' box filter, the normalisation one pass over
 * integral images, and the ghost search a few milliseconds (on every
 * second place, at the size where a ghost's face is 8 pixels wide).
 */
#include <math.h>
#include <string.h>

#include "cascade.h"
#ifdef FACES_DEBUG
#include <stdio.h>
#endif
#include "internal.h"

/* The cascade, from Debian's opencv-data; models/cascades.manifest holds
 * its SHA-256, checked by models_verify() before it is parsed. Chosen
 * over alt2 and the LBP cascade for recall on small faces (measured on
 * messi5.jpg, whose 37-pixel face the LBP cascade misses). */
#define FACE_CASCADE "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"
/* The second opinion (confirmed()): the tree cascade alt2, trained
 * apart from the default one; a false face of one is seldom one of the
 * other. */
#define CONFIRM_CASCADE "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml"

/* Long side of the working copy, pixels. A ghost's face is about 4.4 %
 * of the long side of the samples' cards (th_card_01: 49 of 1105 px), so
 * 600 pixels give it 26, above the 24-pixel window. */
#define WORK_SIDE 600
/* Long side of the larger copy for small faces off cards. */
#define BIG_SIDE 1600
/* Half-width of the normalisation window on the working copy: about a
 * ghost face's width, so the face's own contrast sets its scale. */
#define NORM_RADIUS 20
/* Local standard deviation (grey levels, over that window) from which the
 * normalised copy fades to flat, fully so 8 levels higher. A ghost at
 * 15-25 % opacity stays below it; text and the portrait, which the plain
 * pass sees, go flat, so the cascade's variance gate turns their windows
 * away at once: on the samples this both halved the pass's cost and
 * found more ghosts: on the 24 samples with portraits, 2 ghosts missed
 * against 4 when everything was normalised (and the plain pass started
 * at 36 pixels), with the stage's time down by about a third. */
#define FAINT_SD 20.0

struct face_detector {
	cascade *frontal;
	cascade *alt2;     /* the second opinion off documents */
};

/* One face found, in full-image coordinates. */
typedef struct face_hit {
	idr_rect face;      /* the detector's box */
	idr_rect mask;      /* head or portrait rectangle */
	int neighbours;
	int sides;          /* straight photo edges found around it, 0..4 */
	int turn;           /* clockwise turn of the image it was found on */
} face_hit;

idr_status faces_new(face_detector **out, idr_error *err)
{
	face_detector *det = g_new0(face_detector, 1);
	idr_status st;

	*out = NULL;
	if ((st = models_verify(FACE_CASCADE, err)))
		goto out;
	if ((st = cascade_load(FACE_CASCADE, &det->frontal, err)) ||
	    (st = models_verify(CONFIRM_CASCADE, err)) ||
	    (st = cascade_load(CONFIRM_CASCADE, &det->alt2, err)))
		goto out;
	*out = det;
	det = NULL;
out:
	faces_free(det);
	return st;
}

void faces_free(face_detector *det)
{
	if (!det)
		return;
	cascade_free(det->frontal);
	cascade_free(det->alt2);
	g_free(det);
}

/* ------------------------------------------------------------ images */

/* Returns IDR_OK with *out the 8-bit luma of img (alpha dropped), shrunk
 * with a box filter so that its long side is at most side pixels; luma
 * weights of ITU-R BT.601, as OpenCV's BGR2GRAY uses. The shrink comes
 * first so that the colour work is done on the few pixels left. */
static idr_status work_copy(VipsImage *img, int side, VipsImage **out,
			    idr_error *err)
{
	VipsImage *t[5] = { NULL };
	VipsImage *mat = NULL, *in = img;
	double f = (double)MAX(img->Xsize, img->Ysize) / side;
	idr_status st = IDR_OK;

	*out = NULL;
	if (f > 1.0) {
		/* libvips: vips_shrink() averages integer blocks (a box
		 * filter) and does any fractional rest with vips_reduce(). */
		if (vips_shrink(img, &t[0], f, f, NULL))
			goto fail;
		in = t[0];
	}
	if (in->Bands >= 3) {
		double m[3] = { 0.299, 0.587, 0.114 };
		mat = vips_image_new_matrix_from_array(3, 1, m, 3);
		if (!mat || vips_extract_band(in, &t[1], 0, "n", 3, NULL) ||
		    vips_recomb(t[1], &t[2], mat, NULL) ||
		    vips_linear1(t[2], &t[3], 1.0, 0.5, NULL) ||
		    vips_cast_uchar(t[3], &t[4], NULL))
			goto fail;
	} else if (vips_extract_band(in, &t[1], 0, NULL) ||
		   vips_cast_uchar(t[1], &t[4], NULL)) {
		goto fail;
	}
	/* Rendered once here: every turn and pass reads the same pixels. */
	if (!(*out = vips_image_copy_memory(t[4])))
		goto fail;
	goto done;
fail:
	st = idr_fail(err, IDR_ERR_INTERNAL, "faces: grey copy: %s",
		      vips_error_buffer());
	vips_error_clear();
done:
	IDR_UNREF(mat);
	for (int i = 0; i < 5; i++)
		IDR_UNREF(t[i]);
	return st;
}

/* Pixels of a one-band uchar image, packed; g_free them. */
typedef struct plane {
	guint8 *px;
	int w, h;
} plane;

/* Returns IDR_OK with p filled from img. */
static idr_status plane_of(VipsImage *img, plane *p, idr_error *err)
{
	size_t size;

	p->px = vips_image_write_to_memory(img, &size);
	if (!p->px) {
		vips_error_clear();
		return idr_fail(err, IDR_ERR_NOMEM, "faces: out of memory");
	}
	p->w = img->Xsize;
	p->h = img->Ysize;
	return IDR_OK;
}

/* Fills q (same size as p, px allocated here) with p contrast-normalised:
 * every pixel as its distance from the mean of the (2r+1)-square box
 * around it, in units of that box's standard deviation plus 12 levels,
 * times 40, around 128. Faint print (a deviation of 5 to 10) comes out
 * with the contrast the cascade needs, while flat paper and fine
 * guilloche stay below the cascade's variance gate, which keeps the pass
 * cheap. Means and variances come from integral images, so the cost does
 * not depend on r. Where the local deviation passes FAINT_SD the result
 * fades to flat grey: those regions are the plain pass's. */
static void normalise_contrast(const plane *p, int r, plane *q)
{
	int w = p->w, h = p->h, stride = w + 1;
	/* 64 bits: a sum of squares over 1600 x 1600 pixels passes 2^32. */
	gint64 *sum = g_new0(gint64, (size_t)stride * (h + 1));
	gint64 *sq = g_new0(gint64, (size_t)stride * (h + 1));

	q->w = w;
	q->h = h;
	q->px = g_malloc((size_t)w * h);
	for (int y = 0; y < h; y++) {
		const guint8 *row = p->px + (size_t)y * w;
		gint64 *s = sum + (size_t)(y + 1) * stride, *t = sq + (size_t)(y + 1) * stride;
		gint64 acc = 0, acc2 = 0;
		for (int x = 0; x < w; x++) {
			acc += row[x];
			acc2 += row[x] * row[x];
			s[x + 1] = s[x + 1 - stride] + acc;
			t[x + 1] = t[x + 1 - stride] + acc2;
		}
	}
	for (int y = 0; y < h; y++) {
		int y0 = MAX(y - r, 0), y1 = MIN(y + r + 1, h);
		for (int x = 0; x < w; x++) {
			int x0 = MAX(x - r, 0), x1 = MIN(x + r + 1, w);
			size_t a = (size_t)y0 * stride + x0, b = (size_t)y0 * stride + x1;
			size_t c = (size_t)y1 * stride + x0, d = (size_t)y1 * stride + x1;
			double n = (double)(x1 - x0) * (y1 - y0);
			double mean = (sum[d] - sum[b] - sum[c] + sum[a]) / n;
			double var = (sq[d] - sq[b] - sq[c] + sq[a]) / n - mean * mean;
			double sd = sqrt(MAX(var, 0.0));
			double gate = CLAMP((FAINT_SD - sd) / 8.0, 0.0, 1.0);
			double v = 128.0 + gate * 40.0 * (p->px[(size_t)y * w + x] - mean) /
				   (sd + 12.0);
			q->px[(size_t)y * w + x] = (guint8)CLAMP(lrint(v), 0, 255);
		}
	}
	g_free(sum);
	g_free(sq);
}

/* ------------------------------------------------- head and portrait */

/* A straight photo edge near the head: the line through v (a column, or
 * a row) at the middle of the span a0..a1 it is measured over, leaning
 * by slope pixels per pixel along it (a scan turned a few degrees). */
typedef struct edge {
	int v;
	double slope;
} edge;

/* Returns the share (0..1) of the points of line e over a0..a1 (rows when
 * columns, else columns) where p has a brightness step of more than 12
 * levels across two pixels: near 1 on the straight side of a photo, low on
 * the curves of a face or hair. */
static double edge_share(const plane *p, edge e, bool columns, int a0, int a1)
{
	int n = 0, hit = 0;
	double mid = (a0 + a1) / 2.0;

	for (int a = a0; a < a1; a++) {
		int v = (int)lround(e.v + e.slope * (a - mid));
		if (columns) {
			if (a < 0 || a >= p->h || v < 1 || v >= p->w - 1)
				continue;
			const guint8 *r = p->px + (size_t)a * p->w;
			hit += abs(r[v + 1] - r[v - 1]) > 12;
		} else {
			if (a < 0 || a >= p->w || v < 1 || v >= p->h - 1)
				continue;
			hit += abs(p->px[(size_t)(v + 1) * p->w + a] -
				   p->px[(size_t)(v - 1) * p->w + a]) > 12;
		}
		n++;
	}
	return n ? (double)hit / n : 0;
}

/* Steepest lean tried for a photo edge: 0.08, about 4.6 degrees, which
 * covers the few degrees a hand-fed scan or a phone photo is off. */
#define EDGE_MAX_SLOPE 0.08
#define EDGE_SLOPE_STEP 0.02

/* Returns the line through [from, to] (either order) with the strongest
 * straight edge by edge_share(), scanning from `from`, at every lean up to
 * EDGE_MAX_SLOPE; v is -1 when none reaches 0.6 of its length. */
static edge strongest(const plane *p, int from, int to, bool columns, int a0,
		      int a1)
{
	edge best = { -1, 0 };
	int step = from <= to ? 1 : -1;
	double best_score = 0.6;

	for (int v = from; v != to + step; v += step) {
		/* the lean that fits best, the least lean on a tie: a thick
		 * straight edge fits a few leans over a short span */
		edge here = { v, 0 };
		double here_score = edge_share(p, here, columns, a0, a1);
		for (int k = 1; k * EDGE_SLOPE_STEP <= EDGE_MAX_SLOPE + 1e-9; k++)
			for (int sign = -1; sign <= 1; sign += 2) {
				edge e = { v, sign * k * EDGE_SLOPE_STEP };
				double sc = edge_share(p, e, columns, a0, a1);
				if (sc > here_score) {
					here_score = sc;
					here = e;
				}
			}
		if (here_score > best_score + 0.05) {
			best_score = here_score;
			best = here;
		}
	}
	return best;
}

/* The outermost coordinate line e reaches over a span of length span
 * around its middle: toward lower values when low, else higher. */
static int edge_reach(edge e, int span, bool low)
{
	int lean = (int)ceil(fabs(e.slope) * span / 2.0);
	return low ? e.v - lean : e.v + lean;
}

/* Returns the head around detector box f: the Haar box spans brows to
 * mouth; a head reaches about 0.6 of its height above (hair) and 0.5
 * below (chin), 0.3 of its width to each side (ears), and more with long
 * hair: 0.45 is taken. */
static idr_rect head_of(idr_rect f)
{
	int hx0 = f.x - (int)(0.45 * f.w), hx1 = f.x + f.w + (int)(0.45 * f.w);
	int hy0 = f.y - (int)(0.6 * f.h), hy1 = f.y + f.h + (int)(0.5 * f.h);
	return (idr_rect){ hx0, hy0, hx1 - hx0, hy1 - hy0 };
}

/* Returns the box to mask for face f on the upright plain copy p: the
 * head, or the photo rectangle when straight edges enclose the face;
 * *sides gets how many of the rectangle's four sides were found. */
static idr_rect mask_box(const plane *p, idr_rect f, int *sides)
{
	/* The neck and shoulders below the head are part of the photo,
	 * handled by the rectangle search. */
	idr_rect hd = head_of(f);
	int hx0 = hd.x, hx1 = hd.x + hd.w, hy0 = hd.y, hy1 = hd.y + hd.h;
	/* A photo's sides are searched from just outside the face box (a
	 * photo cropped close to the face has its edges inside the head
	 * estimate) out to one face width beyond the head, its top to 0.8
	 * face height beyond, its bottom to 1.8. */
	int gap = 2 + f.w / 20;
	edge left = strongest(p, f.x - gap, hx0 - f.w, true, f.y, f.y + f.h);
	edge right = strongest(p, f.x + f.w + gap, hx1 + f.w, true, f.y, f.y + f.h);
	int lx = left.v >= 0 ? left.v : hx0, rx = right.v >= 0 ? right.v : hx1;
	edge top = strongest(p, f.y - gap, hy0 - (int)(0.8 * f.h), false, lx, rx);
	edge bottom = strongest(p, f.y + f.h + gap, hy1 + (int)(1.8 * f.h), false,
				lx, rx);
	idr_rect head = { hx0, hy0, hx1 - hx0, hy1 - hy0 };

	*sides = (left.v >= 0) + (right.v >= 0) + (top.v >= 0) + (bottom.v >= 0);
	if (*sides >= 3) {
		/* The photo: its found sides, the head estimate for a side
		 * not found (a photo's bottom edge lost in a dark suit). A
		 * leaning side reaches past its middle by its lean over the
		 * other sides' span: the box holds the whole turned photo. */
		int ty = top.v >= 0 ? top.v : hy0, by = bottom.v >= 0 ? bottom.v : hy1;
		int x0 = left.v >= 0 ? edge_reach(left, by - ty, true) : hx0;
		int x1 = right.v >= 0 ? edge_reach(right, by - ty, false) : hx1;
		int y0 = top.v >= 0 ? edge_reach(top, rx - lx, true) : hy0;
		int y1 = bottom.v >= 0 ? edge_reach(bottom, rx - lx, false) : hy1;
		head = rect_union((idr_rect){ x0, y0, x1 - x0, y1 - y0 }, f);
	} else if (*sides > 0) {
		/* One or two straight edges near a face in a busy photo:
		 * the head, out to them where they lie beyond it. */
		int ty = top.v >= 0 ? top.v : hy0, by = bottom.v >= 0 ? bottom.v : hy1;
		int x0 = MIN(hx0, left.v >= 0 ? edge_reach(left, by - ty, true) : hx0);
		int x1 = MAX(hx1, right.v >= 0 ? edge_reach(right, by - ty, false) : hx1);
		int y0 = MIN(hy0, top.v >= 0 ? edge_reach(top, rx - lx, true) : hy0);
		int y1 = MAX(hy1, bottom.v >= 0 ? edge_reach(bottom, rx - lx, false) : hy1);
		head = (idr_rect){ x0, y0, x1 - x0, y1 - y0 };
	}
	/* A little margin for the edge itself and for rounding when the box
	 * is scaled back up. */
	return rect_pad_clip(head, 2 + f.w / 20, p->w, p->h);
}

/* Returns the share of the pixels of box f on p that are mid-tones: more
 * than a fifth of the way from the box's 10th percentile to its 90th and
 * less than four fifths. A photographed face is shaded continuously
 * (skin, shadows), whatever its colour or contrast; a QR code or other
 * two-tone print sits at its two ends, with mid-tones only on the module
 * edges. A box with a range under 8 levels (a faint ghost) counts as
 * face-like: there is nothing to judge by. */
static double midtone_share(const plane *p, idr_rect f)
{
	int hist[256] = { 0 }, n = 0, lo = 0, hi = 255, mid = 0;

	for (int y = MAX(f.y, 0); y < MIN(f.y + f.h, p->h); y++)
		for (int x = MAX(f.x, 0); x < MIN(f.x + f.w, p->w); x++, n++)
			hist[p->px[(size_t)y * p->w + x]]++;
	if (n == 0)
		return 1;
	for (int acc = 0; lo < 255 && (acc += hist[lo]) < n / 10; lo++)
		;
	for (int acc = 0; hi > 0 && (acc += hist[hi]) < n / 10; hi--)
		;
	if (hi - lo < 8)
		return 1;
	for (int v = lo + (hi - lo) / 5 + 1; v < hi - (hi - lo) / 5; v++)
		mid += hist[v];
	return (double)mid / n;
}

/* ---------------------------------------------------------- detection */

/* How a copy is searched. */
typedef enum pass_kind {
	PASS_CARD,    /* plain and normalised, windows from 24 up */
	PASS_PHOTO,   /* plain, windows from 24 up in steps of 1.05: the
		       * larger copy of an image that is not a card */
} pass_kind;

/* Returns r, a box on a copy scaled by sx, sy from an image of width x
 * height, on that image: rounded outwards, one more pixel, clipped. */
static idr_rect to_full(idr_rect r, double sx, double sy, int width, int height)
{
	int x0 = (int)floor(r.x * sx), y0 = (int)floor(r.y * sy);
	int x1 = (int)ceil((r.x + r.w) * sx), y1 = (int)ceil((r.y + r.h) * sy);
	return rect_pad_clip((idr_rect){ x0, y0, x1 - x0, y1 - y0 }, 1, width,
			     height);
}

/* Runs the cascade over p with windows from 24 pixels up, growing by
 * step; appends boxes and their neighbour counts. */
static idr_status detect_on(const face_detector *det, const plane *p,
			    double step, GArray *boxes, GArray *nb,
			    idr_error *err)
{
	/* OpenCV's usual face parameters: scale step 1.1, 3 neighbours,
	 * the 24-pixel training window as the smallest. */
	cascade_params params = { step, 3, 24, 24, 0, 0 };

	return cascade_detect(det->frontal, p->px, p->w, p->h, p->w, &params,
			      boxes, nb, err);
}

/* Share of mid-tones below which a box is two-tone print, not a face;
 * see midtone_share() and the measurements in tests/check_faces.c. */
#define MIN_MIDTONES 0.25

/* Finds faces on copy work (of an image of width x height) turned
 * clockwise by angle; appends their hits in full-image coordinates. */
static idr_status find_turned(const face_detector *det, VipsImage *work,
			      int angle, pass_kind kind, int width, int height,
			      GArray *hits, idr_error *err)
{
	VipsImage *turned = NULL;
	plane p = { 0 }, q = { 0 };
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	GArray *nb = g_array_new(FALSE, FALSE, sizeof(int));
	idr_status st = IDR_OK;
	static const VipsAngle turn[4] = { VIPS_ANGLE_D0, VIPS_ANGLE_D90,
					   VIPS_ANGLE_D180, VIPS_ANGLE_D270 };
	double sx = (double)width / work->Xsize, sy = (double)height / work->Ysize;

	if (vips_rot(work, &turned, turn[(angle / 90) & 3], NULL)) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "faces: rotate: %s",
			      vips_error_buffer());
		vips_error_clear();
		goto out;
	}
	if ((st = plane_of(turned, &p, err)))
		goto out;
	/* Steps of 1.05 find a face between two of 1.1's sizes: the
	 * 38-pixel face in the background of messi5.jpg (doubled), which
	 * OpenCV finds at 1.05 and not at 1.1. */
	if (kind == PASS_PHOTO) {
		st = detect_on(det, &p, 1.05, boxes, nb, err);
	} else if (!(st = detect_on(det, &p, 1.1, boxes, nb, err))) {
		normalise_contrast(&p, NORM_RADIUS, &q);
		st = detect_on(det, &q, 1.1, boxes, nb, err);
	}
	if (st)
		goto out;
	for (guint i = 0; i < boxes->len; i++) {
		idr_rect f = g_array_index(boxes, idr_rect, i);
		face_hit h = { .neighbours = g_array_index(nb, int, i),
			       .turn = angle };
		if (midtone_share(&p, f) < MIN_MIDTONES)
			continue;
		h.mask = mask_box(&p, f, &h.sides);
#ifdef FACES_DEBUG
		fprintf(stderr, "turn %d pass %d face %d,%d,%d,%d nb %d sides %d mask %d,%d,%d,%d (work %dx%d)\n", angle, kind,
			f.x, f.y, f.w, f.h, h.neighbours, h.sides, h.mask.x, h.mask.y, h.mask.w, h.mask.h, p.w, p.h);
#endif
		h.face = to_full(rect_unrotate(f, angle, work->Xsize, work->Ysize),
				 sx, sy, width, height);
		h.mask = to_full(rect_unrotate(h.mask, angle, work->Xsize, work->Ysize),
				 sx, sy, width, height);
		g_array_append_val(hits, h);
	}
out:
	g_free(p.px);
	g_free(q.px);
	IDR_UNREF(turned);
	g_array_free(boxes, TRUE);
	g_array_free(nb, TRUE);
	return st;
}

/* Merges hits whose faces hold each other's centre (the same face found
 * by two passes), keeping the union of their masks. */
static void merge_hits(GArray *hits)
{
	for (guint i = 0; i < hits->len; i++) {
		face_hit *a = &g_array_index(hits, face_hit, i);
		for (guint j = hits->len; j-- > i + 1;) {
			face_hit *b = &g_array_index(hits, face_hit, j);
			if (rect_centre_in(b->face, a->face) ||
			    rect_centre_in(a->face, b->face)) {
				a->mask = rect_union(a->mask, b->mask);
				a->neighbours = MAX(a->neighbours, b->neighbours);
				a->sides = MAX(a->sides, b->sides);
				g_array_remove_index(hits, j);
			}
		}
	}
}

/* Returns the index of the framed hit (three or more photo sides found;
 * two are found around a face in a busy photo, e.g. messi5.jpg)
 * with the largest face, or -1: a portrait on a card. */
static int portrait_of(const GArray *hits)
{
	int best = -1;

	for (guint i = 0; i < hits->len; i++) {
		const face_hit *h = &g_array_index(hits, face_hit, i);
		if (h->sides >= 3 &&
		    (best < 0 || h->face.w > g_array_index(hits, face_hit, best).face.w))
			best = (int)i;
	}
	return best;
}

/* Grows the mask of every smaller unframed face to the portrait's
 * rectangle in proportion: a ghost is the portrait printed small, and its
 * faint frame, neck and shoulders leave no edges to find. */
static void frame_ghosts(GArray *hits, int width, int height)
{
	int pi = portrait_of(hits);

	if (pi < 0)
		return;
	face_hit por = g_array_index(hits, face_hit, pi);
	for (guint i = 0; i < hits->len; i++) {
		face_hit *h = &g_array_index(hits, face_hit, i);
		if ((int)i == pi || h->sides >= 3 || h->face.w >= 0.8 * por.face.w)
			continue;
		double s = (double)h->face.w / por.face.w;
		idr_rect m = { h->face.x + (int)floor((por.mask.x - por.face.x) * s),
			       h->face.y + (int)floor((por.mask.y - por.face.y) * s),
			       (int)ceil(por.mask.w * s), (int)ceil(por.mask.h * s) };
		/* Plus a tenth of its size: two detector boxes give the ratio
		 * of the two faces only to about that. */
		h->mask = rect_union(h->mask, rect_pad_clip(m, 1 + MAX(m.w, m.h) / 10,
							    width, height));
	}
}

/* ------------------------------------------------ ghosts by template */

/* A ghost portrait is the portrait printed again, small and faint; where
 * the cascade misses it (its face under the training window on the
 * working copy, or washed out by the card's pattern), it is found as a
 * reduced copy of the largest face by normalised cross-correlation,
 * which does not care how faint the copy is. The search compares at the
 * size where the ghost's face is GHOST_FACE_PX wide, over ghost-to-face
 * size ratios GHOST_MIN_SCALE to GHOST_MAX_SCALE in steps of GHOST_STEP
 * (the samples' ghosts are 0.36 to 0.45 of their portraits).
 * Measured with OpenCV's matchTemplate (TM_CCOEFF_NORMED, the same sum)
 * on the 16 samples with a ghost and a portrait face, at 8 px: the ghost
 * scored 0.86 to 0.97, the best place elsewhere 0.49 to 0.68; at 6 px
 * the two came within 0.15 of each other. */
#define GHOST_FACE_PX 8
#define GHOST_MIN_SCALE 0.25
#define GHOST_MAX_SCALE 0.8
#define GHOST_STEP 1.15
#define GHOST_MATCH 0.75
/* The template is the face box grown by this share of its size on each
 * side: the outline of hair and head against the background is most of
 * what a face this small has to match on. */
#define GHOST_CONTEXT 0.25

/* Integral images of a plane, for window sums. */
typedef struct sums {
	gint64 *sum, *sq;
	int stride;
} sums;

static void sums_of(const plane *q, sums *z)
{
	z->stride = q->w + 1;
	z->sum = g_new0(gint64, (size_t)z->stride * (q->h + 1));
	z->sq = g_new0(gint64, (size_t)z->stride * (q->h + 1));
	for (int y = 0; y < q->h; y++) {
		gint64 acc = 0, acc2 = 0;
		size_t row = (size_t)(y + 1) * z->stride, above = (size_t)y * z->stride;
		for (int x = 0; x < q->w; x++) {
			int v = q->px[(size_t)y * q->w + x];
			acc += v;
			acc2 += v * v;
			z->sum[row + x + 1] = z->sum[above + x + 1] + acc;
			z->sq[row + x + 1] = z->sq[above + x + 1] + acc2;
		}
	}
}

/* Fills q (px allocated here) with the w x h region of p at (ox, oy),
 * shrunk by f >= 1: each pixel the mean of the source pixels whose
 * corners fall in its f x f cell (a box filter, as vips_shrink), from the
 * integral image z of p. One integral image serves every scale. */
static void box_sample(const plane *p, const sums *z, int ox, int oy, int w,
		       int h, double f, plane *q)
{
	q->w = MAX(1, (int)(w / f));
	q->h = MAX(1, (int)(h / f));
	q->px = g_malloc((size_t)q->w * q->h);
	for (int y = 0; y < q->h; y++) {
		int y0 = oy + (int)(y * f), y1 = MIN(oy + (int)((y + 1) * f), p->h);
		y1 = MAX(y1, y0 + 1);
		for (int x = 0; x < q->w; x++) {
			int x0 = ox + (int)(x * f), x1 = MIN(ox + (int)((x + 1) * f), p->w);
			x1 = MAX(x1, x0 + 1);
			size_t a = (size_t)y0 * z->stride + x0, b = (size_t)y0 * z->stride + x1;
			size_t c = (size_t)y1 * z->stride + x0, d = (size_t)y1 * z->stride + x1;
			gint64 sum = z->sum[d] - z->sum[b] - z->sum[c] + z->sum[a];
			q->px[(size_t)y * q->w + x] =
				(guint8)((sum + (gint64)(x1 - x0) * (y1 - y0) / 2) /
					 ((gint64)(x1 - x0) * (y1 - y0)));
		}
	}
}

/* Normalised cross-correlation at (x, y) of template t (tw x th, zero
 * mean, tn its norm) with q; -1 where the window is flat (under a grey
 * level of spread per pixel there is nothing to match: paper, noise). */
static double ncc_at(const plane *q, const sums *z, const float *t, int tw,
		     int th, double tn, int x, int y)
{
	size_t a = (size_t)y * z->stride + x, b = a + tw;
	size_t c = a + (size_t)th * z->stride, d = c + tw;
	double n = (double)tw * th;
	double s1 = (double)(z->sum[d] - z->sum[b] - z->sum[c] + z->sum[a]);
	double s2 = (double)(z->sq[d] - z->sq[b] - z->sq[c] + z->sq[a]);
	double var = s2 - s1 * s1 / n;
	float dot = 0;

	if (var < n)
		return -1;
	for (int j = 0; j < th; j++) {
		const guint8 *row = q->px + (size_t)(y + j) * q->w + x;
		const float *tr = t + (size_t)j * tw;
		for (int i = 0; i < tw; i++)
			dot += row[i] * tr[i];
	}
	return dot / (sqrt(var) * tn);
}

/* Where the search looks on every second place of every second row: a
 * match of 8-pixel faces is a peak 2 to 3 places wide, so its
 * neighbours still score above GHOST_SEED (on the samples, 0.75 and more
 * beside peaks of 0.86 to 0.97); the places around a seed are then all
 * scored. A quarter of the cost of scoring every place. */
#define GHOST_SEED 0.6

/* Calls back with every place of q where template t scores at least
 * GHOST_MATCH: the best place around each seed. */
static void match_template(const plane *q, const float *t, int tw, int th,
			   double tn, void (*hit)(int x, int y, double score,
						   void *data),
			   void *data)
{
	sums z;

	sums_of(q, &z);
	for (int y = 0; y + th <= q->h; y += 2)
		for (int x = 0; x + tw <= q->w; x += 2) {
			if (ncc_at(q, &z, t, tw, th, tn, x, y) < GHOST_SEED)
				continue;
			double best = -1;
			int bx = x, by = y;
			for (int v = MAX(y - 1, 0); v <= MIN(y + 1, q->h - th); v++)
				for (int u = MAX(x - 1, 0); u <= MIN(x + 1, q->w - tw); u++) {
					double sc = ncc_at(q, &z, t, tw, th, tn, u, v);
					if (sc > best) {
						best = sc;
						bx = u;
						by = v;
					}
				}
			if (best >= GHOST_MATCH)
				hit(bx, by, best, data);
		}
	g_free(z.sum);
	g_free(z.sq);
}

/* The places one scale's search found, in work-copy pixels. */
typedef struct ghost_search {
	GArray *found;      /* face_hit, face set; neighbours unused */
	double back;        /* q pixels to work pixels */
	int ox, oy, fw, fh; /* the face inside the template, q pixels */
	GArray *score;      /* double, one per found */
} ghost_search;

static void ghost_place(int x, int y, double score, void *data)
{
	ghost_search *g = data;
	face_hit h = { 0 };
	h.face = (idr_rect){ (int)floor((x + g->ox) * g->back),
			     (int)floor((y + g->oy) * g->back),
			     (int)ceil(g->fw * g->back), (int)ceil(g->fh * g->back) };
	/* neighbouring places of one match: keep the best */
	for (guint i = 0; i < g->found->len; i++) {
		face_hit *o = &g_array_index(g->found, face_hit, i);
		if (rect_centre_in(h.face, o->face) ||
		    rect_centre_in(o->face, h.face)) {
			if (score > g_array_index(g->score, double, i)) {
				*o = h;
				g_array_index(g->score, double, i) = score;
			}
			return;
		}
	}
	g_array_append_val(g->found, h);
	g_array_append_val(g->score, score);
}

/* A ghost found at GHOST_FACE_PX is compared again at a face width of
 * GHOST_VERIFY_PX (or its own width on the working copy when smaller):
 * it must correlate by GHOST_VERIFY, and its contrast must be between
 * GHOST_FAINT_MIN and GHOST_FAINT_MAX of the portrait's, as a copy
 * printed at low opacity is. At 8 pixels a blurred, noisy portrait is a
 * blob that a card's corner or a soft shadow matches too. Measured on
 * the 49 samples (every template match; FACES_DEBUG): the true ghosts
 * correlate by 0.61-0.95 at a contrast of 0.17-0.30 of the portrait's,
 * the false matches (all on the hard portraits) at 0.49-0.75 with 0.75
 * to 1.01 (as contrasty as the portrait) or 0.06-0.09 (flat). */
#define GHOST_VERIFY_PX 16
#define GHOST_VERIFY 0.5
#define GHOST_FAINT_MIN 0.1
#define GHOST_FAINT_MAX 0.5

/* Returns true when the ghost found with its face at g (work pixels) is
 * confirmed (see GHOST_VERIFY): the template region r around face f
 * (work pixels; p and z the work plane and its integral images) and the
 * same region around g, both sampled so their faces are
 * GHOST_VERIFY_PX wide at most. A ghost whose region would reach past
 * the image's edge is not (a match on the border of a scan). */
static bool ghost_verified(const plane *p, const sums *z, idr_rect f,
			   idr_rect r, idr_rect g)
{
	if (f.w <= g.w || g.w <= 0)
		return false;
	double s = (double)g.w / f.w, v = MIN(GHOST_VERIFY_PX, g.w);
	double tshrink = f.w / v, gshrink = g.w / v;
	/* the template region's place around g */
	int gx = g.x - (int)lround((f.x - r.x) * s), gy = g.y - (int)lround((f.y - r.y) * s);
	int gw = (int)lround(r.w * s), gh = (int)lround(r.h * s);
	if (gx < 0 || gy < 0 || gx + gw > p->w || gy + gh > p->h)
		return false;
	plane a = { 0 }, b = { 0 };
	box_sample(p, z, r.x, r.y, r.w, r.h, tshrink, &a);
	box_sample(p, z, gx, gy, gw, gh, MAX(gshrink, 1.0), &b);
	int w = MIN(a.w, b.w), h = MIN(a.h, b.h);
	double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			ma += a.px[(size_t)y * a.w + x];
			mb += b.px[(size_t)y * b.w + x];
		}
	ma /= (double)w * h;
	mb /= (double)w * h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double da = a.px[(size_t)y * a.w + x] - ma;
			double db = b.px[(size_t)y * b.w + x] - mb;
			sab += da * db;
			saa += da * da;
			sbb += db * db;
		}
	g_free(a.px);
	g_free(b.px);
	if (saa <= 0 || sbb <= 0)
		return false;
	double score = sab / sqrt(saa * sbb), faint = sqrt(sbb / saa);
#ifdef FACES_DEBUG
	fprintf(stderr, "verify score %.2f sd ratio %.2f\n", score, faint);
#endif
	return score >= GHOST_VERIFY && faint >= GHOST_FAINT_MIN &&
	       faint <= GHOST_FAINT_MAX;
}

/* Finds reduced copies of the largest face of hits on work (the image as
 * stored, shrunk; a ghost is turned as its portrait is) and appends them
 * as hits that no earlier hit holds; their masks are the head around the
 * face (frame_ghosts() may grow them to the portrait's proportions). */
static idr_status find_ghosts(VipsImage *work, int width, int height,
			      GArray *hits, idr_error *err)
{
	double sx = (double)width / work->Xsize, sy = (double)height / work->Ysize;
	const face_hit *src = NULL;
	plane wp = { 0 };
	sums wz = { 0 };
	idr_status st = IDR_OK;
	ghost_search g = { 0 };

	for (guint i = 0; i < hits->len; i++) {
		const face_hit *h = &g_array_index(hits, face_hit, i);
		if (!src || h->face.w > src->face.w)
			src = h;
	}
	if (!src)
		return IDR_OK;
	/* the face and its template region on the working copy */
	idr_rect f = { (int)lround(src->face.x / sx), (int)lround(src->face.y / sy),
		       (int)lround(src->face.w / sx), (int)lround(src->face.h / sy) };
	idr_rect r = rect_pad_clip(f, (int)lround(GHOST_CONTEXT * MAX(f.w, f.h)),
				   work->Xsize, work->Ysize);
	if (f.w < 4 || r.w <= 0 || r.h <= 0)
		return IDR_OK;   /* no face to copy: nothing to search for */
	if ((st = plane_of(work, &wp, err)))
		return st;
	sums_of(&wp, &wz);
	g.found = g_array_new(FALSE, FALSE, sizeof(face_hit));
	g.score = g_array_new(FALSE, FALSE, sizeof(double));
	for (double s = GHOST_MIN_SCALE; s <= GHOST_MAX_SCALE; s *= GHOST_STEP) {
		/* image shrink so that the ghost's face is GHOST_FACE_PX wide;
		 * the template shrinks by that times the ratio */
		double shrink = s * f.w / GHOST_FACE_PX, tshrink = shrink / s;
		plane q = { 0 }, t = { 0 };
		if (shrink < 1 || tshrink < 1)
			continue;   /* a ghost face under 8 work pixels */
		box_sample(&wp, &wz, 0, 0, wp.w, wp.h, shrink, &q);
		box_sample(&wp, &wz, r.x, r.y, r.w, r.h, tshrink, &t);
		if (t.w >= 3 && t.h >= 3 && t.w <= q.w && t.h <= q.h) {
			int n = t.w * t.h;
			float *tz = g_new(float, n);
			double mean = 0, norm = 0;
			for (int i = 0; i < n; i++)
				mean += t.px[i];
			mean /= n;
			for (int i = 0; i < n; i++) {
				tz[i] = (float)(t.px[i] - mean);
				norm += tz[i] * tz[i];
			}
			g.back = shrink;
			g.ox = (int)lround((f.x - r.x) / tshrink);
			g.oy = (int)lround((f.y - r.y) / tshrink);
			g.fw = MAX(1, (int)lround(f.w / tshrink));
			g.fh = MAX(1, (int)lround(f.h / tshrink));
			if (norm > 0)
				match_template(&q, tz, t.w, t.h, sqrt(norm),
					       ghost_place, &g);
			g_free(tz);
		}
		g_free(q.px);
		g_free(t.px);
	}
	for (guint i = 0; i < g.found->len && !st; i++) {
		face_hit h = g_array_index(g.found, face_hit, i);
		bool known = false;
#ifdef FACES_DEBUG
		fprintf(stderr, "ghost cand %d,%d,%d,%d verified %d (src %d,%d,%d,%d)\n", h.face.x, h.face.y, h.face.w, h.face.h,
			ghost_verified(&wp, &wz, f, r, h.face), f.x, f.y, f.w, f.h);
#endif
		if (!ghost_verified(&wp, &wz, f, r, h.face))
			continue;
		h.face = to_full(h.face, sx, sy, width, height);
		for (guint j = 0; j < hits->len && !known; j++) {
			const face_hit *o = &g_array_index(hits, face_hit, j);
			known = rect_centre_in(h.face, o->mask) ||
				rect_centre_in(o->face, h.face);
		}
		if (known)
			continue;
		h.mask = rect_pad_clip(head_of(h.face), 2 + h.face.w / 20, width,
				       height);
		g_array_append_val(hits, h);
	}
	g_array_free(g.found, TRUE);
	g_array_free(g.score, TRUE);
	g_free(wz.sum);
	g_free(wz.sq);
	g_free(wp.px);
	return st;
}

/* The text lines of a page as boxes on a copy of it (levelled, so the
 * lines run level and their boxes are tight), each grown by LINE_PAD of
 * its character height. */
#define LINE_PAD 0.3

/* Cuts mask m of a face f (both on the same copy) back from every text
 * line box of lines it reaches that does not touch the face itself: to
 * the near side of the line, on the side of the face the line lies
 * (left, right, above or below; of two, the cut that keeps more). A head
 * estimated around a face must not grow across the text printed beside
 * its photo. */
static idr_rect cut_at_lines(idr_rect m, idr_rect f, const GArray *lines)
{
	for (guint i = 0; lines && i < lines->len; i++) {
		idr_rect l = g_array_index(lines, idr_rect, i);
		int lx1 = l.x + l.w, ly1 = l.y + l.h;
		if (lx1 <= m.x || l.x >= m.x + m.w || ly1 <= m.y || l.y >= m.y + m.h)
			continue;   /* not in the mask */
		idr_rect cut[4] = { m, m, m, m };
		long kept[4] = { -1, -1, -1, -1 };
		if (l.x >= f.x + f.w) {          /* right of the face */
			cut[0].w = l.x - m.x;
			kept[0] = (long)cut[0].w * m.h;
		}
		if (lx1 <= f.x) {                 /* left of it */
			cut[1].x = lx1;
			cut[1].w = m.x + m.w - lx1;
			kept[1] = (long)cut[1].w * m.h;
		}
		if (l.y >= f.y + f.h) {          /* below */
			cut[2].h = l.y - m.y;
			kept[2] = (long)cut[2].h * m.w;
		}
		if (ly1 <= f.y) {                 /* above */
			cut[3].y = ly1;
			cut[3].h = m.y + m.h - ly1;
			kept[3] = (long)cut[3].h * m.w;
		}
		int best = -1;
		for (int k = 0; k < 4; k++)
			if (kept[k] >= 0 && (best < 0 || kept[k] > kept[best]))
				best = k;
		if (best >= 0)
			m = cut[best];
	}
	return m;
}

/* Finds faces on img whose text lines run level, turned clockwise by
 * text_angle; appends face_hit to out in img's pixels. line_boxes
 * (idr_rect, img's pixels; may be NULL): the page's text lines. */
static idr_status find_level(face_detector *det, VipsImage *img,
			     int text_angle, const GArray *line_boxes,
			     GArray *out, idr_error *err)
{
	VipsImage *work = NULL, *big = NULL;
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(face_hit));
	idr_status st;
	int angle = ((text_angle % 360) + 360) % 360 / 90 * 90, at = angle;
	int width = img->Xsize, height = img->Ysize;

	if ((st = work_copy(img, WORK_SIDE, &work, err)))
		goto out;
	/* The view OCR made upright first, then the image as stored when
	 * that is another (a photo without text leaves OCR guessing: the
	 * selfie of faces_ref.py came back turned, with false faces), then,
	 * only when no face was found at all, the other turns (cost measured
	 * in tests/bench/faces.sh). at: the turn of the surest face (most
	 * neighbours): a turned photo's false faces are few and weak. */
	int order[4] = { angle, 0, 0, 0 }, n = angle ? 2 : 1;
	for (int k = 1; k < 4; k++)
		if ((angle + 90 * k) % 360 != 0)
			order[n++] = (angle + 90 * k) % 360;
	int most = 0;
	for (int k = 0; k < 4; k++) {
		guint before = hits->len;
		/* the stored view is read when OCR turned the page; the rest
		 * only while nothing is found */
		if (k >= 1 && hits->len > 0 && !(k == 1 && angle != 0))
			break;
		if ((st = find_turned(det, work, order[k], PASS_CARD, width,
				      height, hits, err)))
			goto out;
		for (guint i = before; i < hits->len; i++) {
			const face_hit *h = &g_array_index(hits, face_hit, i);
			if (h->neighbours > most) {
				most = h->neighbours;
				at = order[k];
			}
		}
	}
	/* Not a card (no face in a photo rectangle), or nothing found: the
	 * small faces, on the turn of the surest face or else OCR's, every
	 * size again in finer steps (cost in tests/bench). */
	if (portrait_of(hits) < 0) {
		if ((st = work_copy(img, BIG_SIDE, &big, err)) ||
		    (st = find_turned(det, big, at, PASS_PHOTO, width, height,
				      hits, err)))
			goto out;
	}
	merge_hits(hits);
	if ((st = find_ghosts(work, width, height, hits, err)))
		goto out;
	frame_ghosts(hits, width, height);
	for (guint i = 0; i < hits->len; i++) {
		face_hit *h = &g_array_index(hits, face_hit, i);
		/* A photo framed by its edges is the photo; a head estimated
		 * around a face stops at the text beside it. */
		if (h->sides < 3)
			h->mask = cut_at_lines(h->mask, h->face, line_boxes);
		if (h->mask.w > 0 && h->mask.h > 0)
			g_array_append_val(out, *h);
	}
out:
	g_array_free(hits, TRUE);
	IDR_UNREF(work);
	IDR_UNREF(big);
	return st;
}

/* Below this skew the cascades are run on the image as it is: they find
 * faces turned a few degrees in the picture plane, and the portrait's
 * straight edges are searched with that much slack. */
#define SKEW_LEVELLED 2.0
/* Fewer text lines than this, or lines whose direction does not stand
 * out (page_geometry.sure), and the image is not taken for a document:
 * its skew and turn are a guess (lines found in a photo, eyes and mouth
 * in a row), and a face must be sure to be masked (confirmed()). On the
 * 49 samples the text's direction stands out on every one; on the 40
 * person-free pictures of tests/bench/photos.sh (seed 20261130) the line
 * finder found three lines or more on 17 (gravel, a circuit board, a
 * chick's feathers, aircraft on a wall...), and on 11 of them no
 * direction stood out. */
#define DOCUMENT_LINES 3

/* Returns the box, on a copy mapped from the image by to_copy, of text
 * line l grown by LINE_PAD of its character height. */
static idr_rect line_on_copy(const text_line *l, affine to_copy)
{
	double ca = cos(l->angle * G_PI / 180), sa = sin(l->angle * G_PI / 180);
	double pad = LINE_PAD * l->char_px;
	double hu = l->length / 2 + pad, hv = l->thickness / 2 + pad;
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

	for (int k = 0; k < 4; k++) {
		double u = k & 1 ? hu : -hu, v = k & 2 ? hv : -hv, x, y;
		affine_apply(to_copy, l->cx + u * ca - v * sa,
			     l->cy + u * sa + v * ca, &x, &y);
		x0 = MIN(x0, x);
		y0 = MIN(y0, y);
		x1 = MAX(x1, x);
		y1 = MAX(y1, y);
	}
	int left = (int)floor(x0), top = (int)floor(y0);
	return (idr_rect){ left, top, (int)ceil(x1) - left, (int)ceil(y1) - top };
}

/* The face's width on the copy confirmed() searches, pixels. */
#define CONFIRM_FACE_PX 48

/* Returns true when a face at f on img, found on img turned clockwise by
 * turn, is confirmed by the second cascade (alt2, trained apart from the
 * first) at about its size and place, at that turn: off a document a
 * false face costs the picture, and one cascade is not enough there,
 * however many neighbours it has (a chick's feathers gave 15). */
static bool confirmed(const face_detector *det, VipsImage *img, idr_rect f,
		      int turn)
{
	static const VipsAngle turns[4] = { VIPS_ANGLE_D0, VIPS_ANGLE_D90,
					    VIPS_ANGLE_D180, VIPS_ANGLE_D270 };
	idr_rect around = rect_pad_clip(f, MAX(f.w, f.h) / 2, img->Xsize,
					img->Ysize);
	VipsImage *crop = NULL, *grey = NULL, *turned = NULL;
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	plane p = { 0 };
	idr_error err = { 0 };
	bool yes = false;

	if (around.w <= 0 || around.h <= 0 ||
	    vips_extract_area(img, &crop, around.x, around.y, around.w,
			      around.h, NULL)) {
		vips_error_clear();
		goto out;
	}
	/* shrunk so the face is about CONFIRM_FACE_PX across (never grown) */
	double s = MIN(1.0, (double)CONFIRM_FACE_PX / MAX(f.w, 1));
	int side = MAX(around.w, around.h);
	/* searched upright: at the turn the face was found on */
	if (work_copy(crop, MAX(24, (int)(side * s)), &grey, &err))
		goto out;
	if (vips_rot(grey, &turned, turns[(turn / 90) & 3], NULL)) {
		vips_error_clear();
		goto out;
	}
	if (plane_of(turned, &p, &err))
		goto out;
	double k = (double)grey->Xsize / around.w;
	int fw = (int)(f.w * k);
	cascade_params params = { 1.1, 2, MAX(24, (int)(0.6 * fw)),
				  MAX(24, (int)(0.6 * fw)), (int)(1.6 * fw) + 1,
				  (int)(1.6 * fw) + 1 };
	if (cascade_detect(det->alt2, p.px, p.w, p.h, p.w, &params, boxes, NULL,
			   &err))
		goto out;
	idr_rect fk = { (int)((f.x - around.x) * k), (int)((f.y - around.y) * k),
			fw, (int)(f.h * k) };
	for (guint i = 0; i < boxes->len && !yes; i++)
		yes = rect_centre_in(rect_unrotate(g_array_index(boxes, idr_rect, i),
						  turn, grey->Xsize, grey->Ysize),
				    fk);
out:
	g_free(p.px);
	IDR_UNREF(crop);
	IDR_UNREF(grey);
	IDR_UNREF(turned);
	g_array_free(boxes, TRUE);
	return yes;
}

/* Finds faces on img whose text leans skew degrees and is set upright by
 * a turn of text_angle, ctx as for faces_find() in img's pixels; appends
 * findings in img's pixels. sure: the text's direction stood out
 * (page_geometry.sure). */
static idr_status find_at(face_detector *det, VipsImage *img, int text_angle,
			  double skew, bool sure, const face_context *ctx,
			  GArray *found, idr_error *err)
{
	VipsImage *level = NULL;
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(face_hit));
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	bool document = sure && ctx && ctx->lines &&
			ctx->lines->len >= DOCUMENT_LINES;
	affine back = { 1, 0, 0, 0, 1, 0 };
	idr_status st = IDR_OK;

	if (!document) {
		/* no text to go by: the image as stored, every turn */
		text_angle = 0;
		skew = 0;
	}
	/* A tilted photo: a portrait's edges and the face in it lean with
	 * the text. Level the image as the text stage did, search it, and
	 * map the boxes back (each the bounding box of the levelled box's
	 * corners: the whole tilted portrait, a little more at its corners). */
	if (fabs(skew) >= SKEW_LEVELLED &&
	    (st = image_level(img, skew, 1, &level, &back, err)))
		goto out;
	affine to_level = affine_invert(back);
	for (guint i = 0; document && i < ctx->lines->len; i++) {
		idr_rect b = line_on_copy(&g_array_index(ctx->lines, text_line, i),
					  to_level);
		g_array_append_val(boxes, b);
	}
	if ((st = find_level(det, level ? level : img, text_angle, boxes, hits,
			     err)))
		goto out;
	/* A face in a photo rectangle makes a card of the image, text or
	 * not: its ghost and its other faces need no second opinion. But
	 * off a document the face must be sure itself: in a scene, straight
	 * edges around a false face are common (aero1.jpg and gravel.png of
	 * tests/bench/photos.sh were taken for cards that way). */
	bool text = document;
	int portrait = portrait_of(hits);
	if (portrait >= 0 &&
	    (document ||
	     confirmed(det, img, g_array_index(hits, face_hit, portrait).face,
		       g_array_index(hits, face_hit, portrait).turn)))
		document = true;
	for (guint i = 0; i < hits->len; i++) {
		face_hit h = g_array_index(hits, face_hit, i);
		idr_rect levelled = h.mask; /* on the levelled copy */
		h.face = rect_pad_clip(affine_rect(back, h.face), 0, img->Xsize,
				       img->Ysize);
		h.mask = rect_pad_clip(affine_rect(back, h.mask), 0, img->Xsize,
				       img->Ysize);
		if (h.mask.w <= 0 || h.mask.h <= 0)
			continue;
		if (!document && !confirmed(det, img, h.face, h.turn))
			continue;
		/* Without text lines no photo frame bounds the head: the
		 * straight edges found around a face in a scene may be a
		 * crowd's or a wall's (a selfie's face was masked short of
		 * OpenCV's own box), so the head is masked with a face
		 * width all round as well. */
		/* On a levelled copy the mask is a turned rectangle on the
		 * image (its bounding box took the labels beside a tilted
		 * card's portrait), unless something below makes it a box. */
		bool turned = level != NULL;
		if (!text) {
			h.mask = rect_union(h.mask, rect_pad_clip(head_of(h.face),
								  h.face.w, img->Xsize,
								  img->Ysize));
			turned = false;
		}
		/* Within a photograph the photo-region detector found, the
		 * mask is that photograph (its edges measured on the whole
		 * picture, where ours are searched around one face), and
		 * the face itself. */
		for (guint j = 0; ctx && ctx->frames && j < ctx->frames->len; j++) {
			idr_rect fr = g_array_index(ctx->frames, idr_rect, j);
			if (rect_centre_in(h.face, fr)) {
				/* the photo's own finding holds its shape
				 * (pipeline.c, merge_portraits()) */
				h.mask = rect_union(fr, h.face);
				turned = false;
			}
		}
		/* Three neighbours is OpenCV's acceptance; twenty or more is a
		 * face beyond doubt. */
		finding f = { .kind = "face", .country = "", .box = h.mask,
			      .confidence = MIN(1.0, 0.5 + h.neighbours / 40.0),
			      .checksum = -1, .tilted = turned };
		for (int q = 0; turned && q < 4; q++)
			affine_apply(back, levelled.x + (q & 1 ? levelled.w : 0),
				     levelled.y + (q & 2 ? levelled.h : 0),
				     &f.quad[q][0], &f.quad[q][1]);
		g_array_append_val(found, f);
	}
out:
	g_array_free(hits, TRUE);
	g_array_free(boxes, TRUE);
	IDR_UNREF(level);
	return st;
}

/* Returns a copy of ctx for the part of the image at (x, y): its lines
 * and frames moved by (-x, -y); free with context_clear(). */
static face_context context_moved(const face_context *ctx, int x, int y)
{
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(text_line));
	GArray *frames = g_array_new(FALSE, FALSE, sizeof(idr_rect));

	for (guint i = 0; ctx && ctx->lines && i < ctx->lines->len; i++) {
		text_line l = g_array_index(ctx->lines, text_line, i);
		l.cx -= x;
		l.cy -= y;
		g_array_append_val(lines, l);
	}
	for (guint i = 0; ctx && ctx->frames && i < ctx->frames->len; i++) {
		idr_rect r = g_array_index(ctx->frames, idr_rect, i);
		r.x -= x;
		r.y -= y;
		g_array_append_val(frames, r);
	}
	return (face_context){ lines, frames };
}

static void context_clear(face_context *ctx)
{
	g_array_free((GArray *)ctx->lines, TRUE);
	g_array_free((GArray *)ctx->frames, TRUE);
}

idr_status faces_find(face_detector *det, VipsImage *img,
		      const page_geometry *geo, const face_context *ctx,
		      GArray *found, idr_error *err)
{
	idr_status st = find_at(det, img, geo->turn, geo->skew, geo->sure, ctx, found,
				err);

	/* A skew from lines whose direction did not stand out (patterns,
	 * a few bars, no real text) is not trusted: find_at() takes such an
	 * image for no document and searches it as stored, level. */

	/* Around each text block turned against the page (a card lying
	 * askew on a scanned form: its portrait leans with its text, beyond
	 * what the cascades allow, and is small on the page): the block and
	 * as much again around it (the portrait beside the text), levelled
	 * at the block's angle. */
	for (int i = 0; !st && i < geo->blocks - 1 &&
			i < (int)G_N_ELEMENTS(geo->other); i++) {
		idr_rect r = geo->other[i].region;
		idr_rect around = rect_pad_clip(r, MAX(r.w, r.h) / 2, img->Xsize,
						img->Ysize);
		VipsImage *crop = NULL;
		GArray *local = findings_new();
		face_context moved = context_moved(ctx, around.x, around.y);
		if (vips_extract_area(img, &crop, around.x, around.y, around.w,
				      around.h, NULL))
			st = idr_fail(err, IDR_ERR_INTERNAL, "faces: %s",
				      vips_error_buffer());
		else
			st = find_at(det, crop, geo->other[i].turn,
				     geo->other[i].skew, geo->sure, &moved, local,
				     err);
		for (guint k = 0; !st && k < local->len; k++) {
			finding f = g_array_index(local, finding, k);
			f.box.x += around.x;
			f.box.y += around.y;
			for (int q = 0; q < 4; q++) {
				f.quad[q][0] += around.x;
				f.quad[q][1] += around.y;
			}
			g_array_append_val(found, f);
		}
		vips_error_clear();
		context_clear(&moved);
		g_array_free(local, TRUE);
		IDR_UNREF(crop);
	}
	return st;
}
