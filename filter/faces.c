/* faces.c — the face stage: find every portrait on an image and say what
 * to mask. Interface (internal.h): faces_new(), faces_free(), faces_find().
 *
 * What is found:
 *  - faces, with OpenCV's frontal-face Haar cascade (opencv-data) run by
 *    our own evaluator (cascade.c) on a reduced copy of the upright view:
 *    faces on documents are large, so about 512 pixels on the long side
 *    keep every portrait above the 24-pixel training window;
 *  - ghost portraits (the small faint copy many ID cards print), with the
 *    same cascade on a contrast-normalised copy: the cascade refuses any
 *    window whose grey levels vary by 10 or less (OpenCV's rule, kept in
 *    cascade.c), which a faint print does not reach;
 *  - on cards turned by 90, 180 or 270 degrees, through the orientation
 *    OCR found; when nothing is found that way, the other three turns are
 *    tried too (recall first: a missed face is a leak).
 *
 * What is masked: not the detector's inner face box but the whole head
 * (hair, ears, chin), and when the face sits in a photo rectangle — long
 * straight edges around it, as on an ID card — the whole rectangle.
 */
#include <math.h>
#include <string.h>

#include "cascade.h"
#include "internal.h"

/* The cascade, from Debian's opencv-data; models/cascades.manifest holds
 * its SHA-256, checked by models_verify() before it is parsed. Chosen
 * over alt2 and the LBP cascade for recall on small faces (measured on
 * messi5.jpg, whose 37-pixel face the LBP cascade misses). */
#define FACE_CASCADE "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

/* Long side of the working copy, pixels. */
#define WORK_SIDE 400

struct face_detector {
	cascade *frontal;
};

/* One face found on the working copy, in upright working coordinates. */
typedef struct face_hit {
	idr_rect face;      /* the detector's box */
	idr_rect mask;      /* head or portrait rectangle */
	int neighbours;
	bool ghost;         /* found on the contrast-normalised copy */
} face_hit;

idr_status faces_new(face_detector **out, idr_error *err)
{
	face_detector *det = g_new0(face_detector, 1);
	idr_status st;

	*out = NULL;
	if ((st = models_verify(FACE_CASCADE, err)))
		goto out;
	if ((st = cascade_load(FACE_CASCADE, &det->frontal, err)))
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
	g_free(det);
}

/* ------------------------------------------------------------ images */

/* Returns IDR_OK with *out the 8-bit luma of img (alpha dropped). Luma
 * weights of ITU-R BT.601, as OpenCV's BGR2GRAY uses. */
static idr_status grey_of(VipsImage *img, VipsImage **out, idr_error *err)
{
	VipsImage *t[3] = { NULL, NULL, NULL };
	idr_status st = IDR_OK;

	*out = NULL;
	if (img->Bands >= 3) {
		double m[3] = { 0.299, 0.587, 0.114 };
		VipsImage *mat = vips_image_new_matrix_from_array(3, 1, m, 3);
		int bad = !mat || vips_extract_band(img, &t[0], 0, "n", 3, NULL) ||
			  vips_recomb(t[0], &t[1], mat, NULL) ||
			  vips_linear1(t[1], &t[2], 1.0, 0.5, NULL) ||
			  vips_cast_uchar(t[2], out, NULL);
		IDR_UNREF(mat);
		if (bad)
			goto fail;
	} else if (vips_extract_band(img, &t[0], 0, NULL) ||
		   vips_cast_uchar(t[0], out, NULL)) {
		goto fail;
	}
	goto done;
fail:
	st = idr_fail(err, IDR_ERR_INTERNAL, "faces: grey: %s", vips_error_buffer());
	vips_error_clear();
done:
	for (int i = 0; i < 3; i++)
		IDR_UNREF(t[i]);
	return st;
}

/* Returns IDR_OK with *out a contrast-normalised copy of grey: every pixel
 * as its distance from the local mean in units of the local standard
 * deviation (Gaussian windows of sigma pixels) plus 12 levels: faint
 * print (a deviation of 5 to 10) comes out with the contrast the cascade
 * needs, while flat paper and fine guilloche stay below the cascade's
 * variance gate, which keeps the pass as cheap as a plain one (a floor
 * of 6 doubled the time on faces_ref.py's card). */
static idr_status normalise_contrast(VipsImage *grey, double sigma,
				     VipsImage **out, idr_error *err)
{
	VipsImage *t[9] = { NULL };
	idr_status st = IDR_OK;

	*out = NULL;
	if (vips_cast_float(grey, &t[0], NULL) ||
	    vips_gaussblur(t[0], &t[1], sigma, "precision", VIPS_PRECISION_FLOAT, NULL) ||
	    vips_subtract(t[0], t[1], &t[2], NULL) ||
	    vips_multiply(t[2], t[2], &t[3], NULL) ||
	    vips_gaussblur(t[3], &t[4], sigma, "precision", VIPS_PRECISION_FLOAT, NULL) ||
	    vips_math2_const1(t[4], &t[5], VIPS_OPERATION_MATH2_POW, 0.5, NULL) ||
	    vips_linear1(t[5], &t[6], 1.0, 12.0, NULL) ||    /* floor */
	    vips_divide(t[2], t[6], &t[7], NULL) ||
	    vips_linear1(t[7], &t[8], 40.0, 128.0, NULL) ||
	    vips_cast_uchar(t[8], out, NULL)) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "faces: contrast: %s",
			      vips_error_buffer());
		vips_error_clear();
	}
	for (int i = 0; i < 9; i++)
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

/* ------------------------------------------------- head and portrait */

/* Returns the share (0..1) of rows y0..y1 where column x of p has a
 * brightness step of more than 12 levels across two pixels: near 1 on the
 * straight side of a photo, low on the curves of a face or hair. */
static double column_edge(const plane *p, int x, int y0, int y1)
{
	int n = 0, hit = 0;

	if (x < 1 || x >= p->w - 1)
		return 0;
	for (int y = MAX(y0, 0); y < MIN(y1, p->h); y++, n++) {
		const guint8 *r = p->px + (size_t)y * p->w;
		if (abs(r[x + 1] - r[x - 1]) > 12)
			hit++;
	}
	return n ? (double)hit / n : 0;
}

/* The same along row y, columns x0..x1. */
static double row_edge(const plane *p, int y, int x0, int x1)
{
	int n = 0, hit = 0;

	if (y < 1 || y >= p->h - 1)
		return 0;
	const guint8 *a = p->px + (size_t)(y - 1) * p->w, *b = a + 2 * (size_t)p->w;
	for (int x = MAX(x0, 0); x < MIN(x1, p->w); x++, n++)
		if (abs(b[x] - a[x]) > 12)
			hit++;
	return n ? (double)hit / n : 0;
}

/* Returns the position in [from, to] (either order) with the strongest
 * straight edge by score(), scanning from `from`; -1 when none reaches
 * 0.6 of its length. */
static int strongest(const plane *p, int from, int to, bool columns, int a0,
		     int a1)
{
	int best = -1, step = from <= to ? 1 : -1;
	double best_score = 0.6;

	for (int v = from; v != to + step; v += step) {
		double s = columns ? column_edge(p, v, a0, a1) : row_edge(p, v, a0, a1);
		if (s > best_score + 0.05) {
			best_score = s;
			best = v;
		}
	}
	return best;
}

/* Returns the box to mask for face f on the upright working copy p: the
 * head, grown to the photo rectangle when straight edges enclose it. */
static idr_rect mask_box(const plane *p, idr_rect f)
{
	/* The Haar box spans brows to mouth; a head reaches about 0.6 of its
	 * height above (hair) and 0.5 below (chin), 0.3 of its width to
	 * each side (ears), and more with long hair: 0.45 is taken. The neck and shoulders below are part of the
	 * photo, handled by the rectangle search. */
	int hx0 = f.x - (int)(0.45 * f.w), hx1 = f.x + f.w + (int)(0.45 * f.w);
	int hy0 = f.y - (int)(0.6 * f.h), hy1 = f.y + f.h + (int)(0.5 * f.h);
	/* A photo's sides are searched within one face width of the head,
	 * its top within 0.8 face height, its bottom within 1.8. */
	int left = strongest(p, hx0, hx0 - f.w, true, f.y, f.y + f.h);
	int right = strongest(p, hx1, hx1 + f.w, true, f.y, f.y + f.h);
	int lx = left >= 0 ? left : hx0, rx = right >= 0 ? right : hx1;
	int top = strongest(p, hy0, hy0 - (int)(0.8 * f.h), false, lx, rx);
	int bottom = strongest(p, hy1, hy1 + (int)(1.8 * f.h), false, lx, rx);
	idr_rect head = { hx0, hy0, hx1 - hx0, hy1 - hy0 };
	if (left >= 0 || right >= 0 || top >= 0 || bottom >= 0) {
		int x0 = MIN(hx0, lx), x1 = MAX(hx1, rx);
		int y0 = MIN(hy0, top >= 0 ? top : hy0);
		int y1 = MAX(hy1, bottom >= 0 ? bottom : hy1);
		head = (idr_rect){ x0, y0, x1 - x0, y1 - y0 };
	}
	/* A little margin for the edge itself and for rounding when the box
	 * is scaled back up. */
	return rect_pad_clip(head, 2 + f.w / 20, p->w, p->h);
}

/* ---------------------------------------------------------- detection */

/* Appends to hits the faces the cascade finds on p. */
static idr_status detect_on(const face_detector *det, const plane *p,
			    bool ghost, GArray *hits, idr_error *err)
{
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	GArray *nb = g_array_new(FALSE, FALSE, sizeof(int));
	/* OpenCV's usual face parameters: scale step 1.1, 3 neighbours;
	 * smallest face 24 pixels (the training window). */
	cascade_params params = { 1.1, 3, 24, 24, 0, 0 };
	idr_status st;

	st = cascade_detect(det->frontal, p->px, p->w, p->h, p->w, &params,
			    boxes, nb, err);
	for (guint i = 0; st == IDR_OK && i < boxes->len; i++) {
		face_hit h = { .face = g_array_index(boxes, idr_rect, i),
			       .neighbours = g_array_index(nb, int, i),
			       .ghost = ghost };
		g_array_append_val(hits, h);
	}
	g_array_free(boxes, TRUE);
	g_array_free(nb, TRUE);
	return st;
}

/* Returns true when the centre of a lies inside b. */
static bool centre_inside(idr_rect a, idr_rect b)
{
	int cx = a.x + a.w / 2, cy = a.y + a.h / 2;
	return cx >= b.x && cx < b.x + b.w && cy >= b.y && cy < b.y + b.h;
}

/* Drops hits whose face lies inside another hit's mask and whose own mask
 * it covers (the same face found on both copies), keeping the union. */
static void merge_hits(GArray *hits)
{
	for (guint i = 0; i < hits->len; i++) {
		face_hit *a = &g_array_index(hits, face_hit, i);
		for (guint j = hits->len; j-- > i + 1;) {
			face_hit *b = &g_array_index(hits, face_hit, j);
			if (centre_inside(b->face, a->face) ||
			    centre_inside(a->face, b->face)) {
				a->mask = rect_union(a->mask, b->mask);
				a->neighbours = MAX(a->neighbours, b->neighbours);
				a->ghost = a->ghost && b->ghost;
				g_array_remove_index(hits, j);
			}
		}
	}
}

/* Finds faces on the working copy turned clockwise by angle; appends
 * their hits (in turned coordinates, masks filled). */
static idr_status find_turned(const face_detector *det, VipsImage *work,
			      int angle, GArray *hits, idr_error *err)
{
	VipsImage *turned = NULL, *norm = NULL;
	plane p = { 0 }, q = { 0 };
	idr_status st = IDR_OK;
	static const VipsAngle turn[4] = { VIPS_ANGLE_D0, VIPS_ANGLE_D90,
					   VIPS_ANGLE_D180, VIPS_ANGLE_D270 };
	guint first = hits->len;

	if (vips_rot(work, &turned, turn[(angle / 90) & 3], NULL)) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "faces: rotate: %s",
			      vips_error_buffer());
		vips_error_clear();
		goto out;
	}
	/* Two passes: the plain copy, and the contrast-normalised copy
	 * (sigma about a small face's width), which finds the faint ghost
	 * that the plain one misses but on its own lost the portrait of
	 * faces_ref.py's turned cards (tests/check_faces.c). */
	if ((st = plane_of(turned, &p, err)) ||
	    (st = detect_on(det, &p, false, hits, err)) ||
	    (st = normalise_contrast(turned, 8.0, &norm, err)) ||
	    (st = plane_of(norm, &q, err)) ||
	    (st = detect_on(det, &q, true, hits, err)))
		goto out;
	for (guint i = first; i < hits->len; i++) {
		face_hit *h = &g_array_index(hits, face_hit, i);
		h->mask = mask_box(&p, h->face);
	}
out:
	g_free(p.px);
	g_free(q.px);
	IDR_UNREF(turned);
	IDR_UNREF(norm);
	return st;
}

idr_status faces_find(face_detector *det, VipsImage *img, int text_angle,
		      GArray *found, idr_error *err)
{
	VipsImage *grey = NULL, *work = NULL;
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(face_hit));
	idr_status st;
	double scale = MIN(1.0, (double)WORK_SIDE / MAX(img->Xsize, img->Ysize));
	int angle = ((text_angle % 360) + 360) % 360 / 90 * 90;

	if ((st = grey_of(img, &grey, err)))
		goto out;
	if (scale < 1.0 ? vips_resize(grey, &work, scale, NULL)
			: vips_copy(grey, &work, NULL)) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "faces: resize: %s",
			      vips_error_buffer());
		vips_error_clear();
		goto out;
	}
	/* The true scale of the working copy, per axis. */
	double sx = (double)img->Xsize / work->Xsize;
	double sy = (double)img->Ysize / work->Ysize;
	/* The upright view first; then, only when it shows no face at all,
	 * the other turns (cost measured in tests/bench/faces.sh). */
	for (int k = 0; k < 4; k++) {
		int a = (angle + 90 * k) % 360;
		guint first = hits->len;
		if (k > 0 && hits->len > 0)
			break;
		if ((st = find_turned(det, work, a, hits, err)))
			goto out;
		for (guint i = first; i < hits->len; i++) {
			face_hit *h = &g_array_index(hits, face_hit, i);
			h->face = rect_unrotate(h->face, a, work->Xsize, work->Ysize);
			h->mask = rect_unrotate(h->mask, a, work->Xsize, work->Ysize);
		}
	}
	merge_hits(hits);
	for (guint i = 0; i < hits->len; i++) {
		face_hit *h = &g_array_index(hits, face_hit, i);
		idr_rect m = h->mask;
		/* Back to full resolution, rounded outwards, one more pixel of
		 * the full image's margin, clipped. */
		int x0 = (int)floor(m.x * sx), y0 = (int)floor(m.y * sy);
		int x1 = (int)ceil((m.x + m.w) * sx), y1 = (int)ceil((m.y + m.h) * sy);
		idr_rect full = rect_pad_clip((idr_rect){ x0, y0, x1 - x0, y1 - y0 },
					      1, img->Xsize, img->Ysize);
		if (full.w <= 0 || full.h <= 0)
			continue;
		/* Three neighbours is OpenCV's acceptance; twenty or more is a
		 * face beyond doubt. */
		finding f = { .kind = "face", .country = "", .box = full,
			      .confidence = MIN(1.0, 0.5 + h->neighbours / 40.0),
			      .checksum = -1 };
		g_array_append_val(found, f);
	}
out:
	g_array_free(hits, TRUE);
	IDR_UNREF(grey);
	IDR_UNREF(work);
	return st;
}
