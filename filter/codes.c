/* codes.c — find barcodes and 2-D codes on an image, read or not.
 *
 * Interface (internal.h):
 *   codes_find(img, found, err)   appends one finding per symbol
 *
 * Two finders whose results are merged:
 *   1. zbar reads the grey image (at more than one scale). Each symbol read
 *      gives the bounding box of zbar's location polygon, grown by the
 *      symbol's quiet zone, of which only the part that holds ink is
 *      kept (trim_to_ink()). Read symbols are "decoded": true.
 *   2. A structural finder for what zbar cannot read (damage, low
 *      resolution, PDF417, Data Matrix and Aztec which zbar does not or
 *      only partly reads): blocks where edges are dense (or, for blurred
 *      bars, all of one direction), grouped into pieces; each piece is
 *      then verified or dropped. Bars (one edge direction) must cross at
 *      least a Code 128's worth of bars; a 2-D piece must be larger than a
 *      text line, or show a Data Matrix finder (two solid sides and two
 *      clock tracks), and be printed two-tone; it is "datamatrix" by that
 *      finder, "pdf417" when its rows show the PDF417 start or stop
 *      pattern, "qr" when a QR finder pattern lies in it, "aztec" when an
 *      Aztec bullseye does, else "datamatrix" still (a 2-D symbol of no
 *      kind we can name, masked all the same). QR finder patterns
 *      (1:1:3:1:1 runs) make a symbol of their own when three form a
 *      right angle, or two fit a square that looks coded; a bullseye out
 *      of every piece makes a compact Aztec symbol's square. These are
 *      "decoded": false.
 *   Small images (under 800 px) are searched at twice their size, by both;
 *   zbar reads images under 1700 px at twice their size too.
 *   Every 1-D symbol's box is then grown to its whole bars (bars_extent()).
 *
 * The payload of a symbol holds personal data: it is never copied, stored
 * or reported; zbar's buffers are freed with the scanner.
 */
#include <math.h>
#include <string.h>

#include <zbar.h>

#include "internal.h"

/* ISO/IEC 18004:2015, 9.1: the QR quiet zone is 4 modules wide.
 * ISO/IEC 15417:2007 (Code 128), 4.4.1: the quiet zone is 10 X wide; the
 * same 10 X is the minimum for Code 39 (ISO/IEC 16388, 4.4) and PDF417
 * needs only 2 X (ISO/IEC 15438, 5.8), so 10 X covers all 1-D and stacked
 * symbols. Data Matrix needs 1 module (ISO/IEC 16022, 5.2.7); we use the
 * QR value for every matrix symbol. */
#define QUIET_MATRIX 4
#define QUIET_LINEAR 10

/* The smallest symbols in modules across, to bound the module size from a
 * symbol's extent when it cannot be measured: QR version 1 is 21 modules
 * (ISO/IEC 18004, 5.3.1); a Code 128 symbol with one data character is
 * 11 + 11 + 11 + 13 = 46 modules (ISO/IEC 15417, 4.2). */
#define QR_MIN_MODULES 21
#define LINEAR_MIN_MODULES 46

/* ------------------------------------------------------------- the image */

/* A one-band uchar copy of an image, with its pixels in plain memory. */
typedef struct grey_map {
	VipsImage *im;          /* owns pix */
	const unsigned char *pix;
	int w, h;
} grey_map;

static void grey_map_clear(grey_map *g)
{
	IDR_UNREF(g->im);
	g->pix = NULL;
}

/* Grey, flattened onto white when there is alpha (a transparent symbol
 * prints dark on white). Returns 0, or -1 with the vips error set. */
static int grey_of(VipsImage *img, grey_map *g)
{
	VipsImage *t[4] = { NULL, NULL, NULL, NULL };
	VipsImage *cur = img;
	int rc = -1;

	if (vips_image_hasalpha(cur)) {
		VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
		int bad = vips_flatten(cur, &t[0], "background", white, NULL);
		vips_area_unref(VIPS_AREA(white));
		if (bad)
			goto out;
		cur = t[0];
	}
	if (cur->Bands >= 3) {
		if (vips_colourspace(cur, &t[1], VIPS_INTERPRETATION_B_W, NULL))
			goto out;
		cur = t[1];
	}
	if (vips_extract_band(cur, &t[2], 0, NULL) ||
	    vips_cast_uchar(t[2], &t[3], NULL))
		goto out;
	if (!(g->im = vips_image_copy_memory(t[3])))
		goto out;
	g->pix = VIPS_IMAGE_ADDR(g->im, 0, 0);
	g->w = g->im->Xsize;
	g->h = g->im->Ysize;
	rc = 0;
out:
	for (int i = 0; i < 4; i++)
		IDR_UNREF(t[i]);
	return rc;
}

/* Returns a scaled copy of g (scale < 1 shrinks with antialiasing). */
static int grey_scaled(const grey_map *g, double scale, grey_map *out)
{
	VipsImage *t = NULL;
	int rc = -1;

	if (vips_resize(g->im, &t, scale, NULL))
		goto out;
	if (!(out->im = vips_image_copy_memory(t)))
		goto out;
	out->pix = VIPS_IMAGE_ADDR(out->im, 0, 0);
	out->w = out->im->Xsize;
	out->h = out->im->Ysize;
	rc = 0;
out:
	IDR_UNREF(t);
	return rc;
}

/* Keys' cubic convolution kernel with a = -0.75 (R. Keys, "Cubic
 * convolution interpolation for digital image processing", IEEE ASSP
 * 29(6), 1981, eq. 15 with a free; -0.75 is the a of OpenCV's
 * INTER_CUBIC, imgproc/src/resize.cpp interpolateCubic): sharper than
 * the Catmull-Rom cubic (a = -0.5) of vips_resize(). */
#define SHARP_CUBIC_A (-0.75)

static double sharp_cubic(double x)
{
	const double a = SHARP_CUBIC_A;
	x = fabs(x);
	if (x <= 1)
		return ((a + 2) * x - (a + 3)) * x * x + 1;
	if (x < 2)
		return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
	return 0;
}

/* The double's weights in 256ths. Keys' kernel at the quarter offsets
 * the double samples (t = 0.25 and 0.75 past an input pixel, and one
 * more) is a multiple of 1/256 (-9, 67, 225 and -27 at a = -0.75), so
 * codes_double() sums whole numbers: the horizontal pass gives 256 times
 * the value, the vertical pass 65536 times: the same levels as those
 * sums in floating point (which were exact: whole levels times dyadic
 * weights), at a fraction of the cost. */
static void doubled_weights(int k[2][4])
{
	for (int p = 0; p < 2; p++) {
		/* output 2i sits 0.75 past input i - 1, 2i + 1 0.25 past i;
		 * the 4 taps start one input before those */
		double t = p ? 0.25 : 0.75;
		k[p][0] = (int)lrint(256 * sharp_cubic(1 + t));
		k[p][1] = (int)lrint(256 * sharp_cubic(t));
		k[p][2] = (int)lrint(256 * sharp_cubic(1 - t));
		k[p][3] = (int)lrint(256 * sharp_cubic(2 - t));
	}
}

/* The horizontal pass over one row of w inputs: o[2i] and o[2i + 1], 256
 * times the value, from the four inputs around each; taps past the row's
 * ends take the end pixel. */
static void doubled_row(const unsigned char *in, int w, const int k[2][4],
			gint32 *o)
{
	for (int i = 0; i < w; i++) {
		if (i >= 2 && i < w - 2) {
			const unsigned char *a = in + i - 2;
			o[2 * i] = k[0][0] * a[0] + k[0][1] * a[1] +
				   k[0][2] * a[2] + k[0][3] * a[3];
			o[2 * i + 1] = k[1][0] * a[1] + k[1][1] * a[2] +
				       k[1][2] * a[3] + k[1][3] * a[4];
			continue;
		}
		for (int p = 0; p < 2; p++) {
			int base = i - 2 + p, v = 0;
			for (int j = 0; j < 4; j++)
				v += k[p][j] * in[CLAMP(base + j, 0, w - 1)];
			o[2 * i + p] = v;
		}
	}
}

static void free_pixels(VipsImage *im, gpointer pix)
{
	(void)im;
	g_free(pix);
}

/* Input rows whose horizontal pass codes_double() keeps at once: an
 * output row reads 4 consecutive ones, and the next output row at most
 * one more. Kept whole, the pass filled a fresh buffer (a float for
 * every pixel of a row at twice the width: half the output's pixels)
 * before the output was written, and the page faults of such buffers
 * cost more than the sums: the doubling took 45 ms on a
 * 732 x 1105 card and 113 on a passport page, 6 and 13 now (the codes
 * stage timed in parts on th_card_03 and passport_01). */
#define DOUBLED_ROWS 5

/* Writes in at twice its size into out (pixel centres kept: output
 * pixel X maps to input X / 2 - 0.25), resampled with sharp_cubic(),
 * each level rounded to the nearest, halves up. A 1-D symbol of
 * short bars blurred to modules of a pixel or so, which zbar read from
 * neither this image nor vips_resize()'s double of it (any kernel),
 * reads at twice the size resampled so (codes-images --sweep-bars
 * 3729615136 card 4, 4017764662 card 11): the reader a leak is judged
 * by must not see a symbol at a size zbar was never shown. */
void codes_double(const unsigned char *in, int w, int h, unsigned char *out)
{
	int w2 = 2 * w, h2 = 2 * h;
	gint32 *rows = g_new(gint32, (size_t)DOUBLED_ROWS * w2);
	int k[2][4], held[DOUBLED_ROWS];

	doubled_weights(k);
	for (int j = 0; j < DOUBLED_ROWS; j++)
		held[j] = -1;
	for (int y = 0; y < h2; y++) {
		int p = y & 1, base = (y + 1) / 2 - 2;
		unsigned char *o = out + (size_t)y * w2;
		const gint32 *r[4];
		for (int j = 0; j < 4; j++) {
			int row = CLAMP(base + j, 0, h - 1);
			int slot = row % DOUBLED_ROWS;
			gint32 *kept = rows + (size_t)slot * w2;
			if (held[slot] != row) {
				doubled_row(in + (size_t)row * w, w,
					    (const int (*)[4])k, kept);
				held[slot] = row;
			}
			r[j] = kept;
		}
		for (int x = 0; x < w2; x++) {
			/* 65536 times the value: at most 255 * 328 * 328 */
			gint32 v = k[p][0] * r[0][x] + k[p][1] * r[1][x] +
				   k[p][2] * r[2][x] + k[p][3] * r[3][x];
			v = (MAX(v, 0) + 32768) >> 16;
			o[x] = (unsigned char)MIN(v, 255);
		}
	}
	g_free(rows);
}

/* codes_double() of g as a grey map; its pixels live as long as the
 * image that wraps them. Returns 0, or -1 with the vips error set. */
static int grey_doubled(const grey_map *g, grey_map *out)
{
	int w2 = 2 * g->w, h2 = 2 * g->h;
	unsigned char *pix = g_try_malloc((size_t)w2 * h2);

	if (!pix) {
		vips_error("codes", "out of memory doubling the image");
		return -1;
	}
	codes_double(g->pix, g->w, g->h, pix);
	out->im = vips_image_new_from_memory(pix, (size_t)w2 * h2, w2, h2, 1,
					     VIPS_FORMAT_UCHAR);
	if (!out->im) {
		g_free(pix);
		return -1;
	}
	g_signal_connect(out->im, "postclose", G_CALLBACK(free_pixels), pix);
	out->pix = VIPS_IMAGE_ADDR(out->im, 0, 0);
	out->w = w2;
	out->h = h2;
	return 0;
}

/* ------------------------------------------------------------- hits */

/* A symbol found by either finder, before it becomes a finding. */
typedef struct code_hit {
	const char *kind;
	idr_rect box;        /* the symbol itself, without quiet zone */
	double module;       /* module / X size in pixels, 0 unknown */
	bool decoded;
	double confidence;
	bool has_normal;     /* set when the structural finder found it: */
	double normal;       /* the direction across the bars (radians) of
			      * its windows over them */
} code_hit;

static bool rect_overlap(idr_rect a, idr_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w &&
	       a.y < b.y + b.h && b.y < a.y + a.h;
}

static long rect_area(idr_rect r)
{
	return (long)r.w * r.h;
}

/* Area of a ∩ b. */
static long rect_common(idr_rect a, idr_rect b)
{
	int x0 = MAX(a.x, b.x), y0 = MAX(a.y, b.y);
	int x1 = MIN(a.x + a.w, b.x + b.w), y1 = MIN(a.y + a.h, b.y + b.h);
	return x1 > x0 && y1 > y0 ? (long)(x1 - x0) * (y1 - y0) : 0;
}

static bool kind_is_matrix(const char *kind)
{
	return strcmp(kind, "qr") == 0 || strcmp(kind, "datamatrix") == 0 ||
	       strcmp(kind, "aztec") == 0;
}

/* True when hits of kinds a and b may be one symbol: one kind, or two
 * 2-D kinds (the structural finder's kind is a guess a reader or the QR
 * finder patterns correct). Bars and a 2-D symbol side by side stay apart,
 * a tilted symbol's bounding box often overlaps its neighbour's. */
static bool kinds_agree(const char *a, const char *b)
{
	return strcmp(a, b) == 0 ||
	       (strcmp(a, "barcode") != 0 && strcmp(b, "barcode") != 0);
}

/* Add h to hits, merged into a hit of an agreeing kind it overlaps much
 * (the same symbol seen at another scale or by another finder). A merged
 * box is the union: the structural extent covers rows of bars zbar did
 * not cross. */
static void hits_add(GArray *hits, const code_hit *h)
{
	for (guint i = 0; i < hits->len; i++) {
		code_hit *o = &g_array_index(hits, code_hit, i);
		long common = rect_common(o->box, h->box);
		long smaller = MIN(rect_area(o->box), rect_area(h->box));
		if (smaller <= 0 || common * 10 < smaller * 3 ||
		    !kinds_agree(o->kind, h->kind))
			continue;
		/* decoded kinds win; "datamatrix" is the structural finder's
		 * default and yields to a named kind */
		if ((h->decoded && !o->decoded) ||
		    (!o->decoded && strcmp(o->kind, "datamatrix") == 0))
			o->kind = h->kind;
		o->decoded = o->decoded || h->decoded;
		o->box = rect_union(o->box, h->box);
		o->module = MAX(o->module, h->module);
		o->confidence = MAX(o->confidence, h->confidence);
		if (!o->has_normal && h->has_normal) {
			o->has_normal = true;
			o->normal = h->normal;
		}
		return;
	}
	g_array_append_val(hits, *h);
}

/* --------------------------------------------------------- module size */

/* The narrowest common run (dark or light) along the line through r's
 * centre in direction (dx, dy): about one module, more where the line
 * crosses bars at a slant. Returns 0 when the line has too few runs. */
static double module_along(const grey_map *g, idr_rect r, double dx, double dy)
{
	double cx = r.x + r.w / 2.0, cy = r.y + r.h / 2.0;
	double half = MAX(r.w, r.h) / 2.0;
	int n = (int)(2 * half);
	GArray *runs;
	unsigned char lo = 255, hi = 0;
	double module = 0;
	int run = 0, prev = -1;

	if (n < 8)
		return 0;
	unsigned char *line = g_new(unsigned char, n);
	for (int i = 0; i < n; i++) {
		int x = (int)lround(cx + (i - half) * dx);
		int y = (int)lround(cy + (i - half) * dy);
		x = CLAMP(x, 0, g->w - 1);
		y = CLAMP(y, 0, g->h - 1);
		line[i] = g->pix[(size_t)y * g->w + x];
		lo = MIN(lo, line[i]);
		hi = MAX(hi, line[i]);
	}
	runs = g_array_new(FALSE, FALSE, sizeof(int));
	for (int i = 0; i < n; i++) {
		int dark = line[i] < (lo + hi) / 2;
		if (dark == prev) {
			run++;
			continue;
		}
		if (prev >= 0)
			g_array_append_val(runs, run);
		prev = dark;
		run = 1;
	}
	/* the first and last runs are cut by the ends of the line */
	if (runs->len >= 8 && hi - lo >= 40) {
		int *v = &g_array_index(runs, int, 1);
		int m = runs->len - 1;
		/* the median run: 1 to 4 modules in bars, 1 to 2 in grids, so
		 * at least one module; JPEG noise near the threshold makes
		 * slivers that a low percentile would take for modules */
		for (int i = 1; i < m; i++)
			for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
				int t = v[j];
				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		module = v[m / 2];
	}
	g_array_free(runs, TRUE);
	g_free(line);
	return module;
}

/* Module size of the symbol in r, over- rather than underestimated: the
 * larger of the estimates across and down (a line along the bars of a 1-D
 * symbol finds too few runs and gives 0). */
static double module_of(const grey_map *g, idr_rect r)
{
	double a = module_along(g, r, 1, 0), b = module_along(g, r, 0, 1);
	return MAX(a, b);
}

/* -------------------------------------------------------------- zbar */

static const char *zbar_kind(zbar_symbol_type_t t)
{
	switch (t) {
	case ZBAR_QRCODE:
	case ZBAR_SQCODE:
		return "qr";
	case ZBAR_PDF417:
		return "pdf417";
	default:
		return "barcode";
	}
}

/* Scan g (a copy of the image at scale s) with zbar and add what it reads
 * to hits, in the coordinates of the full image. */
static void zbar_pass(const grey_map *g, double s, GArray *hits)
{
	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	zbar_image_t *zi = zbar_image_create();

	/* Every symbology zbar knows, PDF417 included, but GS1 DataBar: a
	 * retail symbol (GS1 General Specifications) no identity document
	 * carries, whose decoder in zbar 0.23 prints an assertion warning on
	 * stderr for some card backgrounds (decoder/databar.c, "seg->finder
	 * >= 0"), and the library must not print. Its bars are still found
	 * by the structural search below, decoded or not. */
	zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(scanner, ZBAR_DATABAR, ZBAR_CFG_ENABLE,
				      0);
	zbar_image_scanner_set_config(scanner, ZBAR_DATABAR_EXP,
				      ZBAR_CFG_ENABLE, 0);
	zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zi, g->w, g->h);
	/* no cleanup handler: the pixels stay g's */
	zbar_image_set_data(zi, g->pix, (unsigned long)g->w * g->h, NULL);
	if (zbar_scan_image(scanner, zi) > 0) {
		for (const zbar_symbol_t *sym = zbar_image_first_symbol(zi);
		     sym; sym = zbar_symbol_next(sym)) {
			unsigned n = zbar_symbol_get_loc_size(sym);
			int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN,
			    y1 = INT_MIN;
			code_hit h = { 0 };
			if (n == 0)
				continue;
			for (unsigned i = 0; i < n; i++) {
				int x = zbar_symbol_get_loc_x(sym, i);
				int y = zbar_symbol_get_loc_y(sym, i);
				x0 = MIN(x0, x);
				x1 = MAX(x1, x);
				y0 = MIN(y0, y);
				y1 = MAX(y1, y);
			}
			h.kind = zbar_kind(zbar_symbol_get_type(sym));
			h.box = rect_scale((idr_rect){ x0, y0, x1 - x0 + 1,
						       y1 - y0 + 1 }, 1 / s);
			h.decoded = true;
			h.confidence = 1.0;
			hits_add(hits, &h);
		}
	}
	zbar_image_destroy(zi);
	zbar_image_scanner_destroy(scanner);
}

/* ------------------------------------------------ the bars of a 1-D symbol */

/* A line of n points through (cx, cy) along (dx, dy), the centre point at
 * n / 2; points off the image read as white. */
static void line_sample(const grey_map *g, double cx, double cy, double dx,
			double dy, int n, unsigned char *v)
{
	for (int i = 0; i < n; i++) {
		int x = (int)lround(cx + (i - n / 2) * dx);
		int y = (int)lround(cy + (i - n / 2) * dy);
		v[i] = x < 0 || y < 0 || x >= g->w || y >= g->h ? 255 :
		       g->pix[(size_t)y * g->w + x];
	}
}

/* The darkest and lightest of the n points of v. */
static void line_range(const unsigned char *v, int n, int *lo, int *hi)
{
	*lo = 255;
	*hi = 0;
	for (int i = 0; i < n; i++) {
		*lo = MIN(*lo, v[i]);
		*hi = MAX(*hi, v[i]);
	}
}

/* The share of the dark points of a and b (under t) that are dark in both:
 * near 1 for two lines across the same bars, low where one line has left
 * the bars. */
static double dark_alike(const unsigned char *a, const unsigned char *b,
			 int n, int t)
{
	int both = 0, either = 0;

	for (int i = 0; i < n; i++) {
		both += a[i] < t && b[i] < t;
		either += a[i] < t || b[i] < t;
	}
	return either ? (double)both / either : 0;
}

/* True when line holds some bars (GUARD_RUNS dark runs or more) and at
 * least GUARD_WITHIN of its dark points lie on the middle line's dark
 * points, give or take a pixel: a line across only some of the bars, as
 * across EAN's guard bars, which run 5 modules past the others (ISO/IEC
 * 15420, the symbol's dimensions), where dark_alike() is low. Text past
 * the bars' ends does not fall on their dark points. */
#define GUARD_RUNS 3
#define GUARD_WITHIN 0.8

static bool dark_subset(const unsigned char *mid, const unsigned char *line,
			int n, int t)
{
	int dark = 0, on = 0, runs = 0;

	for (int i = 0; i < n; i++) {
		if (line[i] >= t)
			continue;
		dark++;
		runs += i == 0 || line[i - 1] >= t;
		on += mid[i] < t || (i > 0 && mid[i - 1] < t) ||
		      (i + 1 < n && mid[i + 1] < t);
	}
	return runs >= GUARD_RUNS && on >= GUARD_WITHIN * dark;
}

/* A line across bars still crosses the same bars as the middle one while
 * this share of their dark points agree (dark_alike()); measured on the
 * turned Code 128 below: 0.8-0.95 along the bars, under 0.3 one module
 * past their ends, blurred or not. */
#define BARS_ALIKE 0.5

/* The smallest coherence of the gradient (|structure tensor's difference
 * of eigenvalues| / their sum) for which a read symbol's box is taken for
 * bars with one direction; BARS_COHERENT is the structural finder's bound
 * over windows, this one is over the whole box, quiet zone and all.
 * Bars the structural finder found keep the direction of its windows
 * below it: over short bars blurred the bars' ends, edges the other way
 * at full contrast, outweigh the soft bars. A Code 39 of 1.4 px modules
 * and 21 px bars, blurred, upside down, found by the thin-bars pass over
 * 214 of its 339 px, made a box of coherence 0.52, and the box was not
 * grown to the bars' ends: 77 % masked (codes-images --sweep-bars
 * 701923878, card 53). */
#define BARS_BOX_COHERENT 0.6

/* A light run wider than this many modules ends a 1-D symbol: its
 * elements are 1 to 4 modules wide (ISO/IEC 15417, 4.1 for Code 128; the
 * same for EAN/UPC, ISO/IEC 15420), Code 39's wide elements up to 3 and
 * its gap between characters up to 5.3 X (ISO/IEC 16388, 4.1, 4.4), and
 * a quiet zone is 10 X (QUIET_LINEAR, 7 X at EAN's right). */
#define BARS_GAP_MODULES 7
/* A span across may grow to this many times the box's in one round,
 * and the rounds go on while it grows, up to BARS_SPAN_ROUNDS. */
#define BARS_SPAN_GROW 3
#define BARS_SPAN_ROUNDS 4

/* The span across the bars through (cx, cy) (across u, along v): from
 * the centre outward along three lines across (at the middle and a
 * quarter of the box's extent along the bars either way), each running
 * on while its light runs stay under BARS_GAP_MODULES modules of width
 * m, so a wide space inside the symbol does not stop it and its quiet
 * zone does. ends[] gets the farthest dark point either way, at least
 * the box's own +-half_u, and at most BARS_SPAN_GROW times it (the
 * caller goes on from the new span while it grows). The
 * structural finder's window is split by a 1-D symbol's wide spaces, and
 * the pieces of short, blurred bars do not always join: a Code 39 turned
 * upright, its bars 22 px long, was found over 104 of its 287 px
 * (codes-images --sweep-bars 898666995, card 48). */
static void bars_span(const grey_map *g, double cx, double cy, double ux,
		      double uy, double vx, double vy, double half_u,
		      double half_v, double m, int t, double ends[2])
{
	double gap_max = BARS_GAP_MODULES * m + 2;
	double limit = BARS_SPAN_GROW * half_u;

	ends[0] = -half_u;
	ends[1] = half_u;
	for (int l = -1; l <= 1; l++) {
		double ox = cx + l * half_v / 2 * vx, oy = cy + l * half_v / 2 * vy;
		for (int sign = -1; sign <= 1; sign += 2) {
			double last = -1;
			for (double d = 0; d <= limit && d - last <= gap_max;
			     d += 1) {
				int x = (int)lround(ox + sign * d * ux);
				int y = (int)lround(oy + sign * d * uy);
				if (x < 0 || y < 0 || x >= g->w || y >= g->h)
					break;
				if (g->pix[(size_t)y * g->w + x] < t)
					last = d;
			}
			if (last < 0)
				continue;
			if (sign < 0)
				ends[0] = MIN(ends[0], -last);
			else
				ends[1] = MAX(ends[1], last);
		}
	}
}

/* zbar's location of a 1-D symbol can be a few points of one scan
 * line: a blurred Code 39 with bars 22 px long, read at half size, came
 * back as a 7 x 7 px box at one end of its 248 px (tests/codes_images.c,
 * short_bars_blur.jpg). bars_extent() widens such a box to this side in
 * pixels before it looks at the bars. */
#define BARS_SEED 32

/* The gradient's mean direction over thin bars tilted is biased: bars
 * of a pixel or so drawn at a slant are stairs of pixels, and the box's
 * other edges (the bars' ends, white corners, text beside them) pull it
 * too. On sharp Code 128 and Code 39 of 1.0-1.2 px modules tilted 15 to
 * 19 degrees it came out 10-12 degrees off (codes-images
 * --sweep-thin-bars 4043682674, cards 22 and 39), and the lines across
 * the bars left them short of their ends: 72 and 77 % of the symbols
 * masked, and zbarimg read part of their bars. Such boxes were little
 * coherent (0.63-0.68), the boxes of bars turned a quarter 0.84-0.99
 * and their direction right. So in a box under BARS_NORMAL_DOUBT the
 * direction is taken again where two lines BARS_NORMAL_OFFSET px either
 * side of the middle one, along the bars, cross the same bars as it does
 * (dark_alike()), within BARS_NORMAL_REACH degrees of the gradient's,
 * when that is clearly better (by BARS_NORMAL_BETTER). Over boxes of any
 * coherence, the search turned some of the boxes of bars turned a
 * quarter 2-7 degrees (wider masks, 10 of 250 sweep cards). On 250
 * cards of --sweep 2218337630 and --sweep-bars 1907346 the boxes changed
 * on 11, 4 of them symbols found anew, and on the 52 samples and the
 * fixed cards on none but the thin cards. */
#define BARS_NORMAL_DOUBT 0.75
#define BARS_NORMAL_OFFSET 3
#define BARS_NORMAL_REACH 15
#define BARS_NORMAL_BETTER 0.1

/* line_sample() within b only: the points outside it are light. */
static void line_sample_in(const grey_map *g, idr_rect b, double cx,
			   double cy, double dx, double dy, int n,
			   unsigned char *v)
{
	line_sample(g, cx, cy, dx, dy, n, v);
	for (int i = 0; i < n; i++) {
		int x = (int)lround(cx + (i - n / 2) * dx);
		int y = (int)lround(cy + (i - n / 2) * dy);
		if (x < b.x || y < b.y || x >= b.x + b.w || y >= b.y + b.h)
			v[i] = 255;
	}
}

/* Returns how well lines BARS_NORMAL_OFFSET px either side of the
 * middle one of b, along the bars (normal th), cross the middle line's
 * bars (dark_alike()), within b: text beyond it, crossed at one angle
 * and missed at another, would weigh on the choice. n points a line. */
static double bars_alike_at(const grey_map *g, idr_rect b, double th,
			    int n, unsigned char *mid, unsigned char *line)
{
	double cx = b.x + b.w / 2.0, cy = b.y + b.h / 2.0;
	double ux = cos(th), uy = sin(th), sum = 0;
	int lo, hi;

	line_sample_in(g, b, cx, cy, ux, uy, n, mid);
	line_range(mid, n, &lo, &hi);
	if (hi - lo < 40)
		return 0;
	for (int side = -1; side <= 1; side += 2) {
		line_sample_in(g, b, cx - side * BARS_NORMAL_OFFSET * uy,
			       cy + side * BARS_NORMAL_OFFSET * ux, ux, uy, n,
			       line);
		sum += dark_alike(mid, line, n, (lo + hi) / 2);
	}
	return sum / 2;
}

/* Returns the normal of the bars in b (radians): the gradient's th, or
 * within BARS_NORMAL_REACH degrees of it the direction along which the
 * lines across the bars are clearly more alike (BARS_NORMAL_BETTER). */
static double bars_normal(const grey_map *g, idr_rect b, double th)
{
	int n = 2 * (MAX(b.w, b.h) / 2) + 1;
	unsigned char *mid = g_new(unsigned char, n);
	unsigned char *line = g_new(unsigned char, n);
	double here = bars_alike_at(g, b, th, n, mid, line);
	double best = here, best_th = th;

	for (int a = -BARS_NORMAL_REACH; a <= BARS_NORMAL_REACH; a++) {
		double t = th + a * M_PI / 180;
		double v = a ? bars_alike_at(g, b, t, n, mid, line) : here;
		if (v > best) {
			best = v;
			best_th = t;
		}
	}
	g_free(mid);
	g_free(line);
	return best >= here + BARS_NORMAL_BETTER ? best_th : th;
}

/* The box of a 1-D symbol, from zbar or from the structural finder, can
 * fall short of its bars. zbar reads along scan lines, and its location
 * is the ends of the lines that read it (zbar_symbol_get_loc_x()): where
 * the bars are turned, those lines cross them in a band, and the box of
 * the band leaves the bars' ends outside (a Code 128 turned 25 degrees on
 * a 2623 px image had 58 % of its bars' box masked, codes-images --sweep
 * 432701082, card 13). The structural finder's blocks at the bars' ends
 * are weak: an EAN-13 turned upright, blurred, was masked 9 px short of
 * its 77 px bars, and zbarimg read the strip of bar ends left at twice
 * the size (codes-images --sweep 2447998494, card 11). bars_extent()
 * returns h's box grown to the whole bars: their direction from the
 * gradient in the box (its structure tensor), their span across from
 * bars_span(), and their length from lines across them at growing
 * offsets along them, for as long as a line crosses the bars of the
 * middle one (BARS_ALIKE) or some of them only (dark_subset(): guard
 * bars). The growth stops at the box's extent along the bars plus twice
 * its span across, so text a line may run into cannot carry it on.
 * *across is the module measured across the bars (module_along() their
 * normal), 0 when their direction is unclear: module_of() measures along
 * the image's axes, and bars turned 14 degrees, crossed down at a slant,
 * gave a module of 17 px for their 1.4, a quiet zone of 172 px, and a
 * mask over the card's text above and below (codes-images --sweep-bars
 * 4017764662, card 11). */
static idr_rect bars_extent(const grey_map *g, const code_hit *h,
			    double *across)
{
	idr_rect b = h->box;
	double sxx = 0, syy = 0, sxy = 0, module = h->module;

	*across = 0;

	/* a box thinner than BARS_SEED (zbar's points of one scan line) is
	 * widened to it about its centre, to see the bars' direction */
	if (b.w < BARS_SEED)
		b.x -= (BARS_SEED - b.w) / 2, b.w = BARS_SEED;
	if (b.h < BARS_SEED)
		b.y -= (BARS_SEED - b.h) / 2, b.h = BARS_SEED;
	b = rect_intersect(b, (idr_rect){ 0, 0, g->w, g->h });
	if (b.w < 8 || b.h < 8)
		return h->box;
	if (module <= 0)
		module = module_of(g, b);
	for (int y = b.y + 1; y < b.y + b.h - 1; y++) {
		const unsigned char *row = g->pix + (size_t)y * g->w;
		for (int x = b.x + 1; x < b.x + b.w - 1; x++) {
			double gx = row[x + 1] - row[x - 1];
			double gy = row[x + g->w] - row[x - g->w];
			sxx += gx * gx;
			syy += gy * gy;
			sxy += gx * gy;
		}
	}
	/* the structure tensor's coherence, 0 (no direction) to 1 */
	double coherent = sxx + syy > 0 ? hypot(sxx - syy, 2 * sxy) /
					  (sxx + syy) : 0;
	double th = atan2(2 * sxy, sxx - syy) / 2;
	if (sxx + syy <= 0 || coherent < BARS_BOX_COHERENT) {
		if (!h->has_normal)
			return h->box;
		th = h->normal; /* see BARS_BOX_COHERENT */
		/* and the module measured across them: module_of() looks
		 * along x and y, and across tilted bars and the text beside
		 * them it made 8 px of modules of 1.5, over which the span
		 * ran on into the text (--sweep-bars 1344603718, card 93) */
		double m = module_along(g, b, cos(th), sin(th));
		if (m > 0)
			module = m;
	}
	/* u across the bars (the gradient's direction, taken again along
	 * the bars), v along them */
	if (coherent < BARS_NORMAL_DOUBT)
		th = bars_normal(g, b, th);
	double ux = cos(th), uy = sin(th), vx = -uy, vy = ux;
	double cx = b.x + b.w / 2.0, cy = b.y + b.h / 2.0;
	double half_u = (fabs(b.w * ux) + fabs(b.h * uy)) / 2;
	double half_v = (fabs(b.w * vx) + fabs(b.h * vy)) / 2;
	double step = MAX(1.0, module), reach[2] = { 0, 0 };
	int n = 2 * (int)ceil(half_u) + 1, lo, hi;
	unsigned char *mid = g_new(unsigned char, n);
	unsigned char *line;

	line_sample(g, cx, cy, ux, uy, n, mid);
	line_range(mid, n, &lo, &hi);
	/* a symbol zbar read at one point at the bars' end (blurred there
	 * into the quiet zone) has no contrast on the middle line: the line
	 * of most contrast along the bars within the box becomes it (a Code
	 * 39 of 26 px bars, blurred, read at 1 px above their lower end:
	 * codes-images --sweep-short-bars 1651716985, card 4) */
	if (hi - lo < 40) {
		double best = 0;
		line = g_new(unsigned char, n);
		for (double d = -half_v; d <= half_v; d += 1) {
			int l, h2;
			line_sample(g, cx + d * vx, cy + d * vy, ux, uy, n, line);
			line_range(line, n, &l, &h2);
			if (h2 - l > hi - lo)
				lo = l, hi = h2, best = d;
		}
		g_free(line);
		cx += best * vx;
		cy += best * vy;
		line_sample(g, cx, cy, ux, uy, n, mid);
	}
	if (hi - lo >= 40) {
		/* the span across, which a structural box may cut short:
		 * re-centre on it */
		double ends[2], was;
		int round = 0;
		do {
			was = half_u;
			bars_span(g, cx, cy, ux, uy, vx, vy, half_u, half_v,
				  MAX(1.0, module), (lo + hi) / 2, ends);
			cx += (ends[0] + ends[1]) / 2 * ux;
			cy += (ends[0] + ends[1]) / 2 * uy;
			half_u = (ends[1] - ends[0]) / 2;
		} while (++round < BARS_SPAN_ROUNDS && half_u > was + 1);
		n = 2 * (int)ceil(half_u) + 1;
		mid = g_renew(unsigned char, mid, n);
		line_sample(g, cx, cy, ux, uy, n, mid);
	}
	line = g_new(unsigned char, n);
	for (int side = 0; side < 2 && hi - lo >= 40; side++) {
		double sign = side ? 1 : -1;
		for (double d = step; d <= half_v + 2 * half_u; d += step) {
			line_sample(g, cx + sign * d * vx, cy + sign * d * vy,
				    ux, uy, n, line);
			if (dark_alike(mid, line, n, (lo + hi) / 2) < BARS_ALIKE &&
			    !dark_subset(mid, line, n, (lo + hi) / 2))
				break;
			reach[side] = d;
		}
	}
	g_free(mid);
	g_free(line);
	/* the box of the turned rectangle: across +-half_u, along the reach */
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE,
	       y1 = -G_MAXDOUBLE;
	for (int a = -1; a <= 1; a += 2)
		for (int side = 0; side < 2; side++) {
			double r = side ? reach[1] : -reach[0];
			double x = cx + a * half_u * ux + r * vx;
			double y = cy + a * half_u * uy + r * vy;
			x0 = MIN(x0, x), x1 = MAX(x1, x);
			y0 = MIN(y0, y), y1 = MAX(y1, y);
		}
	idr_rect grown = { (int)floor(x0), (int)floor(y0),
			   (int)ceil(x1) - (int)floor(x0) + 1,
			   (int)ceil(y1) - (int)floor(y0) + 1 };
	grown = rect_intersect(rect_union(h->box, grown),
			       (idr_rect){ 0, 0, g->w, g->h });
	*across = module_along(g, grown, ux, uy);
	return grown;
}

/* ------------------------------------------------ structural: edges */

/* Side of a block in pixels, and of the window of blocks a decision looks
 * at. A window of 5 blocks (20 px) holds several bars or modules of a
 * symbol printed at 1 to 4 px per module. */
#define BLOCK 4
#define WIN 5

/* The per-block means of the gradient's structure, three bands: g²,
 * gx² - gy² and 2 gx gy (the doubled angle, weighted by g²: bars give one
 * direction, a grid of modules two at right angles that cancel, text and
 * photos many). */
#define EDGE_BANDS 3

static void edge_blocks(const grey_map *g, float **out, int *bw, int *bh)
{
	int w = g->w, h = g->h;
	/* The libvips pipeline this replaced (Sobel by vips_conv(), the
	 * bands, vips_shrink() by BLOCK) bit for bit, checked on 1810 block
	 * maps of the samples, the fixed cards and sweep cards: the size
	 * rounded to nearest, the image's last column and row copied out to
	 * whole blocks. Its image operations cost about what thin_bars()
	 * adds: the 52 samples' code stage took 123 ms (median) before
	 * both, 130 after (--timings). */
	int ow = MAX(1, (int)((double)w / BLOCK + 0.5));
	int oh = MAX(1, (int)((double)h / BLOCK + 0.5));
	double *acc = g_new(double, (size_t)ow * EDGE_BANDS);
	float *o = g_new(float, (size_t)ow * oh * EDGE_BANDS);

	for (int by = 0; by < oh; by++) {
		memset(acc, 0, sizeof(double) * ow * EDGE_BANDS);
		for (int dy = 0; dy < BLOCK; dy++) {
			/* Sobel, the image's edge pixels copied outwards */
			int y = MIN(by * BLOCK + dy, h - 1);
			const unsigned char *r0 = g->pix + (size_t)MAX(y - 1, 0) * w;
			const unsigned char *r1 = g->pix + (size_t)y * w;
			const unsigned char *r2 = g->pix + (size_t)MIN(y + 1, h - 1) * w;
			for (int bx = 0; bx < ow; bx++) {
				double *a = acc + (size_t)bx * EDGE_BANDS;
				for (int dx = 0; dx < BLOCK; dx++) {
					int x = MIN(bx * BLOCK + dx, w - 1);
					int l = MAX(x - 1, 0), r = MIN(x + 1, w - 1);
					int gx = r0[r] - r0[l] + 2 * (r1[r] - r1[l]) +
						 r2[r] - r2[l];
					int gy = r2[l] - r0[l] + 2 * (r2[x] - r0[x]) +
						 r2[r] - r0[r];
					a[0] += (double)gx * gx + (double)gy * gy;
					a[1] += (double)gx * gx - (double)gy * gy;
					a[2] += 2.0 * gx * gy;
				}
			}
		}
		for (int i = 0; i < ow * EDGE_BANDS; i++)
			o[(size_t)by * ow * EDGE_BANDS + i] =
				(float)(acc[i] / (BLOCK * BLOCK));
	}
	g_free(acc);
	*out = o;
	*bw = ow;
	*bh = oh;
}

/* The window decision. Sobel gives 16 c² on each of the two pixels beside
 * a sharp edge of contrast c, so mean g² / c² is about 32 / (pixels
 * between edges): 8 for bars or modules 3-4 px wide, less for text, whose
 * strokes stand apart. Contrast is floored so flat areas with noise do
 * not count as dense. DENSE_EDGES is set from measurements on the cards of
 * tests/codes_images.c (see tests/check_codes.c). */
#ifndef DENSE_EDGES
#define DENSE_EDGES 4.0
#define INK_MIN 0.3
#define INK_MAX 0.85
#endif
#define MIN_CONTRAST 60
/* Bars blurred to a pixel or so each keep their one edge direction but
 * lose half their edge energy (measured on lowres_bars.jpg of
 * tests/codes_images.c, at twice its size: 1.5 to 3.4 with coherence
 * 0.99 to 1.0): a window that coherent counts as dense at a lower
 * density. Bar pieces must still cross MIN_BARS bars to count. */
#define BLURRED_BARS_COHERENT 0.95
#define BLURRED_BARS_EDGES 1.5
/* Bars of about a pixel a module, doubled (thin_bars()), keep their
 * direction but are soft: on a Code 39 of 1.1 px modules tilted 19
 * degrees (codes-images --sweep-thin-bars 3913522975, card 4), doubled,
 * the windows over the bars were 3.0-4.7 dense and 0.70-0.97 coherent,
 * at full size 1.4-4.7 and 0.45-0.88. */
#define THIN_BARS_COHERENT 0.8
#define THIN_BARS_EDGES 2.0
/* Thinner still, blurred, the bars' windows are softer: Code 128 and
 * Code 39 of 0.94-1.1 px modules, blurred (sigma 0.56-0.78), doubled,
 * made a band of windows 0.5-1.5 dense and 0.8 coherent or more along
 * the bars, broken where a few reached THIN_BARS_EDGES into pieces too
 * small to keep; nothing was masked (codes-images --sweep-bars
 * 1505318881 card 54, 701923878 cards 17 and 43). Taken as on blocks
 * everywhere, such windows made text into bars (a Taiwanese card's
 * lines masked over a third of it), and regions of text so grown
 * joined symbols beside them into pieces then dropped as no bars. So
 * they only grow a region: a window THIN_BARS_WEAK dense or more, as
 * coherent as above, whose direction is within THIN_BARS_TURN of the
 * region's so far, joins a region a dense window started (hysteresis,
 * as in Canny's edges), and a region so grown is kept only when it
 * crosses MIN_BARS bars by itself (structure_pieces()). */
#define THIN_BARS_WEAK 0.5
#define THIN_BARS_TURN 0.966 /* cos 15 degrees, of the doubled angle */

/* A block map and what each block's window says. */
typedef struct block_map {
	int w, h;
	unsigned char *on;    /* 1: dense, grid-aligned edges; 2 (thin_bars()
			       * only): bars too soft to start a region, which
			       * may still grow one (THIN_BARS_WEAK) */
	float *density;       /* mean g² over the squared local contrast */
	float *coh2;          /* doubled-angle coherence of the window */
	float *dir_a, *dir_b; /* the window's doubled-angle vector over g² */
	float *ink;           /* share of the window's range below its mean:
			       * (light - mean) / (light - dark) */
} block_map;

/* Fills m with the block map of g. */
static void grid_blocks(const grey_map *g, block_map *m)
{
	float *b = NULL;
	int bw = 0, bh = 0;
	double *sum = NULL;
	unsigned char *lo, *hi;
	double *mean;

	edge_blocks(g, &b, &bw, &bh);
	m->w = bw;
	m->h = bh;
	m->on = g_new0(unsigned char, (size_t)bw * bh);
	m->density = g_new0(float, (size_t)bw * bh);
	m->coh2 = g_new0(float, (size_t)bw * bh);
	m->dir_a = g_new0(float, (size_t)bw * bh);
	m->dir_b = g_new0(float, (size_t)bw * bh);
	m->ink = g_new0(float, (size_t)bw * bh);
	mean = g_new0(double, (size_t)bw * bh);
	/* darkest and lightest pixel of each block */
	lo = g_new(unsigned char, (size_t)bw * bh);
	hi = g_new0(unsigned char, (size_t)bw * bh);
	memset(lo, 255, (size_t)bw * bh);
	for (int y = 0; y < bh * BLOCK && y < g->h; y++)
		for (int x = 0; x < bw * BLOCK && x < g->w; x++) {
			size_t k = (size_t)(y / BLOCK) * bw + x / BLOCK;
			unsigned char v = g->pix[(size_t)y * g->w + x];
			lo[k] = MIN(lo[k], v);
			mean[k] += v / (double)(BLOCK * BLOCK);
			hi[k] = MAX(hi[k], v);
		}
	/* integral image of the five bands for window sums */
	sum = g_new0(double, (size_t)(bw + 1) * (bh + 1) * EDGE_BANDS);
#define S(x, y, k) sum[(((size_t)(y) * (bw + 1)) + (x)) * EDGE_BANDS + (k)]
	for (int y = 0; y < bh; y++)
		for (int x = 0; x < bw; x++)
			for (int k = 0; k < EDGE_BANDS; k++)
				S(x + 1, y + 1, k) = b[((size_t)y * bw + x) * EDGE_BANDS + k] +
					S(x, y + 1, k) + S(x + 1, y, k) - S(x, y, k);
	for (int y = 0; y < bh; y++)
		for (int x = 0; x < bw; x++) {
			int x0 = MAX(0, x - WIN / 2), x1 = MIN(bw, x + WIN / 2 + 1);
			int y0 = MAX(0, y - WIN / 2), y1 = MIN(bh, y + WIN / 2 + 1);
			double v[EDGE_BANDS], n = (double)(x1 - x0) * (y1 - y0);
			int dark = 255, light = 0;
			double avg = 0;
			for (int k = 0; k < EDGE_BANDS; k++)
				v[k] = (S(x1, y1, k) - S(x0, y1, k) -
					S(x1, y0, k) + S(x0, y0, k)) / n;
			for (int yy = y0; yy < y1; yy++)
				for (int xx = x0; xx < x1; xx++) {
					dark = MIN(dark, lo[(size_t)yy * bw + xx]);
					light = MAX(light, hi[(size_t)yy * bw + xx]);
					avg += mean[(size_t)yy * bw + xx] / n;
				}
			size_t i = (size_t)y * bw + x;
			double c = MAX(light - dark, MIN_CONTRAST);
			m->density[i] = (float)(v[0] / (c * c));
			m->coh2[i] = (float)(hypot(v[1], v[2]) / (v[0] + 1));
			m->dir_a[i] = (float)(v[1] / (v[0] + 1));
			m->dir_b[i] = (float)(v[2] / (v[0] + 1));
			m->ink[i] = (float)((light - avg) / c);
		}
#undef S
	g_free(lo);
	g_free(hi);
	g_free(mean);
	g_free(sum);
	g_free(b);
}

/* Mark the blocks whose window looks like part of a symbol; thin: for
 * thin_bars(), which also takes windows of one direction at a lower
 * density. */
static void grid_decide(block_map *m, bool thin)
{
	for (size_t i = 0; i < (size_t)m->w * m->h; i++) {
		bool ink = m->ink[i] >= INK_MIN && m->ink[i] <= INK_MAX;
		bool bars = thin && m->coh2[i] >= THIN_BARS_COHERENT;
		m->on[i] = (m->density[i] >= DENSE_EDGES ||
			    (m->coh2[i] >= BLURRED_BARS_COHERENT &&
			     m->density[i] >= BLURRED_BARS_EDGES) ||
			    (bars && m->density[i] >= THIN_BARS_EDGES)) && ink;
		if (!m->on[i] && bars && ink && m->density[i] >= THIN_BARS_WEAK)
			m->on[i] = 2;
	}
}

static void block_map_clear(block_map *m)
{
	IDR_FREE(m->on);
	IDR_FREE(m->density);
	IDR_FREE(m->coh2);
	IDR_FREE(m->dir_a);
	IDR_FREE(m->dir_b);
	IDR_FREE(m->ink);
}

/* What the pixels inside a candidate region look like, binarised at the
 * midpoint of its 5th and 95th percentiles. */
typedef struct region_profile {
	double contrast;      /* p95 - p5 */
	double threshold;     /* their midpoint */
	double dark;          /* share of dark pixels */
	double middle;        /* share of pixels in the middle half of the
			       * range: printing is two-tone, photos are not */
} region_profile;

/* Returns the profile of r (work-scale pixels) in p. */
static void region_profile_of(const grey_map *g, idr_rect r, region_profile *p)
{
	int hist[256] = { 0 }, n = 0, lo = -1, hi = -1, acc = 0;
	int x0 = MAX(r.x, 0), y0 = MAX(r.y, 0);
	int x1 = MIN(r.x + r.w, g->w), y1 = MIN(r.y + r.h, g->h);
	memset(p, 0, sizeof *p);
	if (x1 - x0 < 2 || y1 - y0 < 2)
		return;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			hist[g->pix[(size_t)y * g->w + x]]++;
	n = (x1 - x0) * (y1 - y0);
	for (int v = 0; v < 256; v++) {
		acc += hist[v];
		if (lo < 0 && acc * 20 >= n)
			lo = v;
		if (hi < 0 && acc * 20 >= n * 19)
			hi = v;
	}
	double t = (lo + hi) / 2.0, q = (hi - lo) / 4.0;
	int dark = 0, middle = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++) {
			int v = g->pix[(size_t)y * g->w + x];
			dark += v < t;
			middle += fabs(v - t) < q;
		}
	p->contrast = hi - lo;
	p->threshold = t;
	p->dark = (double)dark / n;
	p->middle = (double)middle / n;
}

/* Regions of on-blocks (8-connected) big enough to be part of a symbol: at
 * least MIN_BLOCKS blocks and three blocks across both ways, which drops
 * single straight edges (one block thick) and specks. Bars (BARS_COHERENT)
 * need only BARS_MIN_ACROSS blocks along them: short bars, blurred, fill
 * the window enough to count only where it lies wholly on them, so bars
 * 26 px long made a region two blocks wide, dropped, and zbar had not
 * read them (modules of 1.7 px, read only at twice the size, on a card
 * over ZBAR_TWICE_SIDE): codes-images --sweep-bars 1126945209 card 9, and
 * 8 of 200 cards of its class (codes-images --sweep-short-bars, seeds
 * 2801195098 and 4183175003), none with two blocks allowed; the samples'
 * code boxes stayed the same. A bar region must still cross MIN_BARS
 * bars (pieces_verify()), which a straight edge does not. */
#define MIN_BLOCKS 24
#define BARS_MIN_ACROSS 2

/* A candidate region of the structural finder, in work-scale pixels. */
typedef struct piece {
	idr_rect box;
	int blocks;          /* on-blocks in it */
	double coh2;         /* mean doubled-angle coherence of its windows */
	double sa, sb;       /* summed doubled-angle vector of its windows */
	bool bars;           /* one edge direction: a 1-D symbol's bars */
	int weak;            /* its blocks only THIN_BARS_WEAK dense */
	const char *kind;    /* set when verified; NULL: rejected */
	/* sums over its on-blocks' centres (pixels) of x, y, x², y², xy:
	 * where it lies and how far it reaches each way */
	double mx, my, mxx, myy, mxy;
} piece;

/* Direction across the bars of p (the gradient's), in radians. */
static double piece_normal(const piece *p)
{
	return atan2(p->sb, p->sa) / 2;
}

/* A region whose windows share one edge direction this much on average
 * is bars. Measured on the cards and samples: bars 0.81 to 1.0, text
 * and photo regions at most 0.72, 2-D symbols 0.12 to 0.66. */
#define BARS_COHERENT 0.78
/* Short bars tilted hold their ends in every window: the ends' edges
 * run the other way, and a sharp Code 128 of 1.13 px modules tilted 19
 * degrees made a region of coherence 0.76, judged 2-D and dropped (its
 * box, the bars' slanted band, is mostly white), while zbarimg read part
 * of its bars at twice the size, as an Interleaved 2 of 5 (no straight
 * scan line crosses all of such bars; codes-images --sweep-thin-bars
 * 3292862225, card 40). A region the 2-D test drops is still bars when
 * it is this coherent and crosses MIN_BARS bars. Measured: on 200 cards of that
 * class (seeds 3292862225 and 3376266180), the 44 regions under
 * BARS_COHERENT that cross 13 bars or more, all on a symbol, at
 * 0.68-0.78; on the 52 samples, the fixed cards, 250 pages of a
 * rotation set (gen-samples --geometry, seed 1987235844) and 96
 * property pages (seed 77), none that is no symbol: regions crossing 13
 * bars or more below BARS_COHERENT were PDF417 symbols (0.60-0.69, named
 * so by the 2-D test first), text regions crossed at most 11. */
#define SHORT_BARS_COHERENT 0.66

/* True when block j's window has the direction of (sa, sb), a region's
 * summed doubled-angle vector, within THIN_BARS_TURN. */
static bool window_along(const block_map *m, size_t j, double sa,
			 double sb)
{
	double a = m->dir_a[j], b = m->dir_b[j];
	double n = hypot(a, b) * hypot(sa, sb);
	return n > 0 && (a * sa + b * sb) >= THIN_BARS_TURN * n;
}

static void grid_regions(const block_map *m, GArray *pieces)
{
	int *label = g_new0(int, (size_t)m->w * m->h);
	int *stack = g_new(int, (size_t)m->w * m->h);
	int next = 0;

	for (int start = 0; start < m->w * m->h; start++) {
		if (m->on[start] != 1 || label[start])
			continue;
		int top = 0, n = 0, x0 = INT_MAX, y0 = INT_MAX, x1 = -1, y1 = -1;
		double c2 = 0, sa = 0, sb = 0, mx = 0, my = 0, mxx = 0, myy = 0,
		       mxy = 0;
		int weak = 0;
		label[start] = ++next;
		stack[top++] = start;
		while (top > 0) {
			int i = stack[--top], x = i % m->w, y = i / m->w;
			n++;
			weak += m->on[i] == 2;
			c2 += m->coh2[i];
			sa += m->dir_a[i];
			sb += m->dir_b[i];
			double px = (x + 0.5) * BLOCK, py = (y + 0.5) * BLOCK;
			mx += px;
			my += py;
			mxx += px * px;
			myy += py * py;
			mxy += px * py;
			x0 = MIN(x0, x);
			x1 = MAX(x1, x);
			y0 = MIN(y0, y);
			y1 = MAX(y1, y);
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int u = x + dx, v = y + dy;
					if (u < 0 || v < 0 || u >= m->w || v >= m->h)
						continue;
					int j = v * m->w + u;
					if (m->on[j] == 2 && !label[j] &&
					    !window_along(m, j, sa, sb))
						continue;
					if (m->on[j] && !label[j]) {
						label[j] = next;
						stack[top++] = j;
					}
				}
		}
		bool bars = c2 / n >= BARS_COHERENT;
		int least = bars ? BARS_MIN_ACROSS : 3;
		if (n < MIN_BLOCKS || x1 - x0 + 1 < least || y1 - y0 + 1 < least)
			continue;
		/* the window spreads a region by WIN / 2 blocks each way; keep
		 * that spread as a margin rather than trimming it */
		piece p = { .box = { x0 * BLOCK, y0 * BLOCK, (x1 - x0 + 1) * BLOCK,
				     (y1 - y0 + 1) * BLOCK },
			    .blocks = n, .coh2 = c2 / n, .sa = sa, .sb = sb,
			    .bars = bars, .weak = weak, .mx = mx, .my = my,
			    .mxx = mxx, .myy = myy, .mxy = mxy };
		g_array_append_val(pieces, p);
	}
	g_free(stack);
	g_free(label);
}

/* True when a and b are bars of one direction, within 15 degrees. */
static bool same_direction(const piece *a, const piece *b)
{
	double d = fabs(piece_normal(a) - piece_normal(b));
	d = MIN(d, M_PI - d);
	return d < M_PI / 12;
}

/* Half the length of p's blocks along (ux, uy): a uniform run of
 * length L has variance L² / 12. */
static double half_length(const piece *p, double ux, double uy)
{
	double n = p->blocks, cx = p->mx / n, cy = p->my / n;
	double v = (p->mxx / n - cx * cx) * ux * ux +
		   2 * (p->mxy / n - cx * cy) * ux * uy +
		   (p->myy / n - cy * cy) * uy * uy;
	return sqrt(3 * MAX(v, 0)) + BLOCK / 2.0;
}

/* True when bars a and b lie side by side along the bars' normal, as
 * the pieces of one symbol do that wide spaces or a scratch split:
 * along the bars, their centres no further apart than their half
 * lengths and a window. The axis-aligned boxes of tilted bars are far
 * wider than the bars are long, and the reach of three such short sides
 * joined a Code 39 tilted 30 degrees to the strokes of text lines 480
 * px off its axis; the joined box, mostly not bars, was dropped
 * (thin_bars()'s THIN_BARS_PERIOD), nothing masked (codes-images
 * --sweep-bars 1505318881, cards 42 and 76). */
static bool bars_in_line(const piece *a, const piece *b)
{
	const piece *big = a->blocks >= b->blocks ? a : b;
	double th = piece_normal(big), ux = -sin(th), uy = cos(th);
	double d = (b->mx / b->blocks - a->mx / a->blocks) * ux +
		   (b->my / b->blocks - a->my / a->blocks) * uy;

	return fabs(d) <= half_length(a, ux, uy) + half_length(b, ux, uy) +
			  WIN * BLOCK;
}

/* True when bars a may be the start or stop column of the 2-D piece b:
 * bars of b's rows' direction that span no more than b's rows do (a
 * window of slack each way). The straight edge of a photo box or a
 * frame beside a symbol is one or the other too long or turned. */
static bool bars_end_column(const piece *a, const piece *b)
{
	int slack = WIN * BLOCK;
	double th = piece_normal(b);
	if (!same_direction(a, b))
		return false;
	if (fabs(cos(th)) >= fabs(sin(th)))  /* rows run across x */
		return a->box.y >= b->box.y - slack &&
		       a->box.y + a->box.h <= b->box.y + b->box.h + slack;
	return a->box.x >= b->box.x - slack &&
	       a->box.x + a->box.w <= b->box.x + b->box.w + slack;
}

/* Join pieces that lie close together: a scratch across the bars or a
 * wiped stripe splits one symbol into pieces, and a 1-D symbol's wide
 * spaces split it at every gap the window does not bridge; the whole
 * symbol is to be masked. Bars join bars of their direction across a
 * gap under three times the short side of the larger piece. 2-D pieces
 * join 2-D pieces across a third of the smaller one's short side: text
 * lines stand about a line apart, and a wider reach lets a symbol
 * swallow the text beside it, line after line. Bars join a 2-D piece
 * when they can be its start or stop column (PDF417, which the window
 * decision trims apart from the rows), within a window or within their
 * own short side, whichever is more: the stop's 7-module bar (no edges
 * inside) may hold it further off than a window, and the thin part of
 * the stop pattern is 11 modules wide (ISO/IEC 15438, 5.2), so its
 * short side bridges that bar. 2-D pieces side by side with a dark gap
 * (dark_gap()) join across it when together they show a Data Matrix
 * finder. */
/* Smallest 2-D candidate, in pixels of the image: text lines make dense
 * regions up to 36 px high on the samples (150 to 400 dpi), 2-D symbols
 * were 72 px and more. A symbol smaller than this is left to zbar and to
 * the QR finder patterns. */
#define MATRIX_MIN_SIDE 56
#define MATRIX_MIN_BLOCKS 150
/* Printing is two-tone: a region with more than this share of pixels in
 * the middle half of its range is a photo (measured: symbols up to 0.24
 * with JPEG blur). */
#define MATRIX_MAX_MIDDLE 0.3

/* Data Matrix's finder pattern (ISO/IEC 16022, 5.2.2): two adjacent
 * sides of the symbol are solid dark lines a module wide (the "L"), the
 * other two alternate dark and light (the clock track). A side counts as
 * solid at DM_SOLID of its length dark, and one of the other two must
 * stay under DM_BROKEN: a frame round text is solid all round, PDF417's
 * start and stop patterns are opposite sides, text and QR and Aztec
 * symbols have no solid side. */
#define DM_SOLID 0.85
#define DM_BROKEN 0.7
/* Turns per module along each clock side: 1 for a perfect track; half
 * of that allows for JPEG blur and for a side sampled a little off. The
 * strokes of CJK characters, which can make an L, do not tick. */
#define DM_CLOCK 0.5
/* The smallest Data Matrix is 8 modules high (8 x 18, ISO/IEC 16022,
 * table 7); at 2 px a module that is 16 px. With its finder seen it need
 * not be as large as MATRIX_MIN_SIDE asks of a symbol of no kind. */
#define DM_MIN_SIDE 16
/* How far past a piece's box its finder is looked for, pixels: three
 * blocks (a turned symbol's corner blocks can fall off its piece). */
#define DM_REACH (3 * BLOCK)

/* Returns true when r (work pixels) holds a Data Matrix finder, at any
 * turn: the dark pixels (binarised at the midpoint of r's range) are
 * boxed at the turn, in steps of a degree, that boxes them tightest, and
 * each side of that box is sampled half a module inside: two adjacent
 * sides solid, the two others ticking as a clock track. */
static bool dm_finder(const grey_map *g, idr_rect r)
{
	region_profile pr;
	GArray *pts;
	double best_area = G_MAXDOUBLE, th = 0, fill[4];
	double u0 = 0, u1 = 0, v0 = 0, v1 = 0;
	bool found = false;

	/* a piece's box may fall short of the symbol's edge modules (its
	 * blocks at a turned edge are half empty): look a little wider */
	r = rect_pad_clip(r, DM_REACH, g->w, g->h);
	region_profile_of(g, r, &pr);
	if (r.w < DM_MIN_SIDE || r.h < DM_MIN_SIDE || pr.contrast < 60 ||
	    pr.dark < 0.2 || pr.dark > 0.8)
		return false;
	pts = g_array_new(FALSE, FALSE, sizeof(int) * 2);
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			if (g->pix[(size_t)y * g->w + x] < pr.threshold) {
				int xy[2] = { x, y };
				g_array_append_val(pts, xy);
			}
	for (int deg = -45; deg < 45 && pts->len >= 64; deg++) {
		double c = cos(deg * M_PI / 180), s = sin(deg * M_PI / 180);
		double a0 = G_MAXDOUBLE, a1 = -G_MAXDOUBLE;
		double b0 = G_MAXDOUBLE, b1 = -G_MAXDOUBLE;
		for (guint i = 0; i < pts->len; i++) {
			const int *xy = &g_array_index(pts, int, 2 * i);
			double u = xy[0] * c + xy[1] * s;
			double v = -xy[0] * s + xy[1] * c;
			a0 = MIN(a0, u), a1 = MAX(a1, u);
			b0 = MIN(b0, v), b1 = MAX(b1, v);
		}
		if ((a1 - a0) * (b1 - b0) < best_area) {
			best_area = (a1 - a0) * (b1 - b0);
			th = deg * M_PI / 180;
			u0 = a0, u1 = a1, v0 = b0, v1 = b1;
		}
	}
	g_array_free(pts, TRUE);
	if (best_area == G_MAXDOUBLE || MIN(u1 - u0, v1 - v0) < DM_MIN_SIDE)
		return false;
	double m = MAX(1.0, module_of(g, r)), in = MAX(1.0, m / 2);
	double c = cos(th), s = sin(th), ticks[4];
	/* sides: left, top, right, bottom; corners (a module) skipped */
	for (int side = 0; side < 4; side++) {
		bool across_u = side % 2 == 0;
		double fixed = side == 0 ? u0 + in : side == 1 ? v0 + in :
			       side == 2 ? u1 - in : v1 - in;
		double lo = (across_u ? v0 : u0) + m, hi = (across_u ? v1 : u1) - m;
		int dark = 0, n = 0, turns = 0, prev = -1;
		for (double t = lo; t <= hi; t += 1, n++) {
			double u = across_u ? fixed : t, v = across_u ? t : fixed;
			int x = (int)lround(u * c - v * s);
			int y = (int)lround(u * s + v * c);
			int d = x >= 0 && y >= 0 && x < g->w && y < g->h &&
				g->pix[(size_t)y * g->w + x] < pr.threshold;
			dark += d;
			turns += prev >= 0 && d != prev;
			prev = d;
		}
		fill[side] = n ? (double)dark / n : 0;
		/* a clock track turns at every module */
		ticks[side] = n ? turns * m / n : 0;
	}
	for (int k = 0; k < 4 && !found; k++) {
		int o1 = (k + 2) % 4, o2 = (k + 3) % 4;
		found = fill[k] >= DM_SOLID && fill[(k + 1) % 4] >= DM_SOLID &&
			MIN(fill[o1], fill[o2]) <= DM_BROKEN &&
			ticks[o1] >= DM_CLOCK && ticks[o2] >= DM_CLOCK;
	}
	return found;
}

/* Dark share above which the gap between two 2-D pieces is a symbol's
 * solid modules, not the white between words: a block of dark modules
 * has no edges inside, so the window decision splits a symbol there (a
 * 12 x 26 Data Matrix came out as two pieces 56 px apart). */
#define GAP_DARK 0.4

/* True when 2-D pieces a and b lie side by side (sharing at least half
 * of the smaller one's extent across the gap) with a two-tone, mostly
 * dark gap between them. Light words on a dark header band make such
 * gaps too: join_pieces() asks the joined box for a Data Matrix finder. */
static bool dark_gap(const grey_map *g, const piece *a, const piece *b)
{
	idr_rect u = rect_union(a->box, b->box), gap;
	int oy = MIN(a->box.y + a->box.h, b->box.y + b->box.h) -
		 MAX(a->box.y, b->box.y);
	int ox = MIN(a->box.x + a->box.w, b->box.x + b->box.w) -
		 MAX(a->box.x, b->box.x);
	region_profile pr;

	if (2 * oy >= MIN(a->box.h, b->box.h) && ox < 0)
		gap = (idr_rect){ MIN(a->box.x + a->box.w, b->box.x + b->box.w),
				  MAX(a->box.y, b->box.y), -ox, oy };
	else if (2 * ox >= MIN(a->box.w, b->box.w) && oy < 0)
		gap = (idr_rect){ MAX(a->box.x, b->box.x),
				  MIN(a->box.y + a->box.h, b->box.y + b->box.h),
				  ox, -oy };
	else
		return false;
	if (MAX(gap.w, gap.h) > MAX(u.w, u.h) / 2)
		return false;
	region_profile_of(g, gap, &pr);
	return pr.dark >= GAP_DARK && pr.middle <= MATRIX_MAX_MIDDLE;
}

static void join_pieces(const grey_map *g, GArray *pieces)
{
	bool joined = true;
	while (joined) {
		joined = false;
		for (guint i = 0; i < pieces->len && !joined; i++) {
			piece *a = &g_array_index(pieces, piece, i);
			for (guint j = 0; j < pieces->len; j++) {
				piece *b = &g_array_index(pieces, piece, j);
				int side = MAX(MIN(a->box.w, a->box.h),
					       MIN(b->box.w, b->box.h));
				int gap;
				if (i == j || (!a->bars && b->bars))
					continue;
				if (a->bars && b->bars)
					gap = same_direction(a, b) &&
					      bars_in_line(a, b) ? side * 3 : -1;
				else if (a->bars)
					gap = bars_end_column(a, b) ?
						MAX(WIN * BLOCK,
						    MIN(a->box.w, a->box.h)) :
						-1;
				else if (dark_gap(g, a, b) &&
					 dm_finder(g, rect_union(a->box, b->box)))
					gap = MAX(MAX(a->box.w, a->box.h),
						  MAX(b->box.w, b->box.h));
				else
					gap = MIN(MIN(a->box.w, a->box.h),
						  MIN(b->box.w, b->box.h)) / 3;
				if (gap < 0)
					continue;
				idr_rect grown = { a->box.x - gap, a->box.y - gap,
						   a->box.w + 2 * gap,
						   a->box.h + 2 * gap };
				if (!rect_overlap(grown, b->box))
					continue;
				/* b takes a in: a 2-D piece stays 2-D */
				b->box = rect_union(a->box, b->box);
				b->blocks += a->blocks;
				b->sa += a->sa;
				b->sb += a->sb;
				b->mx += a->mx;
				b->my += a->my;
				b->mxx += a->mxx;
				b->myy += a->myy;
				b->mxy += a->mxy;
				g_array_remove_index(pieces, i);
				joined = true;
				break;
			}
		}
	}
}

/* The runs of the binarised line of n points through (cx, cy) along
 * (dx, dy), clipped to box r, into runs[] (dark first; a leading light
 * run is dropped). Returns the number of runs, 0 when the line has too
 * little contrast to binarise. */
static int line_runs(const grey_map *g, idr_rect r, double cx, double cy,
		     double dx, double dy, int n, int *runs)
{
	unsigned char *v = g_new(unsigned char, n);
	int lo = 255, hi = 0, k = 0, count = 0;
	for (int i = 0; i < n; i++) {
		int x = (int)lround(cx + (i - n / 2) * dx);
		int y = (int)lround(cy + (i - n / 2) * dy);
		if (x < MAX(r.x, 0) || y < MAX(r.y, 0) ||
		    x >= MIN(r.x + r.w, g->w) || y >= MIN(r.y + r.h, g->h))
			continue;
		v[k] = g->pix[(size_t)y * g->w + x];
		lo = MIN(lo, v[k]);
		hi = MAX(hi, v[k]);
		k++;
	}
	if (hi - lo >= 40) {
		int t = (lo + hi) / 2, prev = 0;
		for (int i = 0; i < k; i++) {
			int dark = v[i] < t;
			if (count == 0 && !dark)
				continue;
			if (count > 0 && dark == prev)
				runs[count - 1]++;
			else
				runs[count++] = 1;
			prev = dark;
		}
	}
	g_free(v);
	return count;
}

/* True when the k runs at p, in order or reversed, fit the element
 * widths want[] (sum modules in all): a one-module element within half a
 * module, a wider one within a fifth of its width (blur and JPEG shift
 * edges by about a pixel, which the half-pixel slack absorbs). */
static bool runs_fit(const int *p, const int *want, int k, int sum,
		     bool reversed)
{
	int total = 0;
	for (int i = 0; i < k; i++)
		total += p[i];
	double m = (double)total / sum;
	if (m < 0.8)
		return false;
	for (int i = 0; i < k; i++) {
		int w = want[reversed ? k - 1 - i : i];
		if (fabs(p[i] - w * m) > MAX(0.5, 0.2 * w) * m + 0.5)
			return false;
	}
	return true;
}

/* ISO/IEC 15438:2015, 5.2: every PDF417 row opens with the start pattern
 * (bar, space widths 8 1 1 1 1 1 1 3 modules) and closes with the stop
 * pattern (7 1 1 3 1 1 1 2 1). Returns true when lines across p find
 * either, in order or mirrored, on at least three of five lines at one
 * angle. The lines run past the piece (the window trims the wide bars at
 * its ends) and try angles around the piece's mean edge direction, which
 * the rows' horizontal edges pull off true by a few degrees. */
static bool pdf417_rows(const grey_map *g, const piece *p)
{
	static const int start[8] = { 8, 1, 1, 1, 1, 1, 1, 3 };
	static const int stop[9] = { 7, 1, 1, 3, 1, 1, 1, 2, 1 };
	int grow = WIN * BLOCK;
	idr_rect r = { p->box.x - grow, p->box.y - grow, p->box.w + 2 * grow,
		       p->box.h + 2 * grow };
	double cx = p->box.x + p->box.w / 2.0, cy = p->box.y + p->box.h / 2.0;
	int n = (int)hypot(r.w, r.h);
	int *runs = g_new(int, n + 1);
	bool found_rows = false;

	for (int a = -4; a <= 4 && !found_rows; a++) {
		double th = piece_normal(p) + a * 0.03;
		double dx = cos(th), dy = sin(th);
		double along = fabs(p->box.w * dy) + fabs(p->box.h * dx);
		int hits = 0;
		for (int l = -2; l <= 2; l++) {
			double off = l * along / 6;
			int k = line_runs(g, r, cx - dy * off, cy + dx * off, dx,
					  dy, n, runs);
			bool found = false;
			/* runs[] opens with a bar, so bars sit at even offsets.
			 * The stop pattern begins and ends with a bar: even
			 * offsets both ways. The start pattern ends with a
			 * space, so read backwards (a line that meets the
			 * symbol from its start's side the other way round)
			 * it begins at an odd offset. */
			for (int i = 0; i + 8 <= k && !found; i++)
				found = (i % 2 == 0 &&
					 runs_fit(runs + i, start, 8, 17, false)) ||
					(i % 2 == 1 &&
					 runs_fit(runs + i, start, 8, 17, true)) ||
					(i % 2 == 0 && i + 9 <= k &&
					 (runs_fit(runs + i, stop, 9, 18, false) ||
					  runs_fit(runs + i, stop, 9, 18, true)));
			hits += found;
		}
		found_rows = hits >= 3;
	}
	g_free(runs);
	return found_rows;
}

/* The most dark runs a line across the bars of p crosses, over three
 * lines (a scratch or a wipe may cut one). */
static int bars_across(const grey_map *g, const piece *p)
{
	double th = piece_normal(p), dx = cos(th), dy = sin(th);
	double cx = p->box.x + p->box.w / 2.0, cy = p->box.y + p->box.h / 2.0;
	int n = (int)hypot(p->box.w, p->box.h), best = 0;
	double along = fabs(p->box.w * dy) + fabs(p->box.h * dx);
	int *runs = g_new(int, n + 1);

	for (int l = -1; l <= 1; l++) {
		double off = l * along / 4;
		int k = line_runs(g, p->box, cx - dy * off, cy + dx * off, dx,
				  dy, n, runs);
		best = MAX(best, (k + 1) / 2);
	}
	g_free(runs);
	return best;
}

/* The fewest bars of a 1-D symbol: Code 128 with one data character has
 * start, data and check characters of 3 bars each and a 4-bar stop, 13
 * (ISO/IEC 15417, 4.2); Code 39 and EAN have more. Text crossed at a
 * slant by a line gives fewer dark runs than that over a piece's width
 * only rarely; it is the coherence that rules text out first. */
#define MIN_BARS 13

/* Decide what each piece is, or reject it (kind NULL). s is the work
 * scale. */
static void pieces_verify(const grey_map *g, double s, GArray *pieces)
{
	for (guint i = 0; i < pieces->len; i++) {
		piece *p = &g_array_index(pieces, piece, i);
		region_profile pr;
		p->kind = NULL;
		if (p->bars) {
			if (bars_across(g, p) >= MIN_BARS)
				p->kind = "barcode";
			continue;
		}
		bool dm = dm_finder(g, p->box);
		bool matrix = (MIN(p->box.w, p->box.h) >= MATRIX_MIN_SIDE * s &&
			       p->blocks >= MATRIX_MIN_BLOCKS * s * s) || dm;
		if (matrix) {
			region_profile_of(g, p->box, &pr);
			matrix = pr.middle <= MATRIX_MAX_MIDDLE &&
				 pr.dark >= 0.2 && pr.dark <= 0.8;
		}
		/* a 2-D symbol: Data Matrix by its finder, PDF417 when its
		 * rows say so; else of no kind named yet, which QR finder
		 * patterns or an Aztec bullseye rename below, and which is
		 * masked as a Data Matrix when nothing does */
		if (matrix)
			p->kind = dm ? "datamatrix" :
				  pdf417_rows(g, p) ? "pdf417" : "datamatrix";
		else if (p->coh2 >= SHORT_BARS_COHERENT &&
			 bars_across(g, p) >= MIN_BARS) {
			p->kind = "barcode";  /* short bars, tilted */
			p->bars = true;
		}
	}
}

/* The structural finder's pieces of g (the image at scale s), verified
 * and named (pieces_verify()), into pieces; thin: grid_decide()'s windows
 * for thin_bars(). */
static void structure_pieces(const grey_map *g, double s, bool thin,
			     GArray *pieces)
{
	block_map blocks = { 0 };

	grid_blocks(g, &blocks);
	grid_decide(&blocks, thin);
	grid_regions(&blocks, pieces);
	/* a region soft windows grew (THIN_BARS_WEAK) must be bars on its
	 * own before it joins anything */
	for (guint i = pieces->len; i-- > 0;) {
		const piece *p = &g_array_index(pieces, piece, i);
		if (p->weak && (!p->bars || bars_across(g, p) < MIN_BARS))
			g_array_remove_index(pieces, i);
	}
	join_pieces(g, pieces);
	pieces_verify(g, s, pieces);
	block_map_clear(&blocks);
}

/* ------------------------------------------ structural: finder patterns */

/* A QR finder pattern: its centre and module size. */
typedef struct finder {
	double x, y, module;
	int votes;
	bool in_triple;  /* a corner of a QR square already found */
} finder;

/* True when five runs stand in the ratio 1:1:3:1:1, each within half a
 * module (the tolerance ZXing's finder uses; ISO/IEC 18004, 12 (c)). */
static bool finder_ratio(const int r[5], double *module)
{
	int total = r[0] + r[1] + r[2] + r[3] + r[4];
	if (total < 7)
		return false;
	double m = total / 7.0, tol = m / 2 + 0.5;
	if (fabs(r[0] - m) > tol || fabs(r[1] - m) > tol ||
	    fabs(r[2] - 3 * m) > 3 * tol || fabs(r[3] - m) > tol ||
	    fabs(r[4] - m) > tol)
		return false;
	*module = m;
	return true;
}

/* The five runs through (x, y) along direction (dx, dy) (steps of one
 * pixel across or diagonally), centred on the dark run holding (x, y).
 * Returns true with the centre (*cx, *cy) and the module in steps when
 * they fit 1:1:3:1:1. */
static bool finder_line(const unsigned char *dark, int w, int h, int x,
			int y, int dx, int dy, double *cx, double *cy,
			double *module)
{
	int r[5] = { 0 }, i;
#define IN(k) (x + (k) * dx >= 0 && x + (k) * dx < w && \
	       y + (k) * dy >= 0 && y + (k) * dy < h)
#define D(k) dark[(size_t)(y + (k) * dy) * w + x + (k) * dx]
	if (!IN(0) || !D(0))
		return false;
	for (i = 0; IN(i) && D(i); i--)
		r[2]++;
	for (; IN(i) && !D(i); i--)
		r[1]++;
	for (; IN(i) && D(i); i--)
		r[0]++;
	for (i = 1; IN(i) && D(i); i++)
		r[2]++;
	int c_end = i;
	for (; IN(i) && !D(i); i++)
		r[3]++;
	for (; IN(i) && D(i); i++)
		r[4]++;
#undef D
#undef IN
	if (!finder_ratio(r, module))
		return false;
	double c = c_end - r[2] / 2.0 - 0.5;
	*cx = x + c * dx;
	*cy = y + c * dy;
	return true;
}

/* True when the column and both diagonals through (x, y) cross a finder
 * pattern too, of a size that fits the row's module m (chords through the
 * centre of a square differ by up to sqrt 2 with the angle; a diagonal
 * step is sqrt 2 pixels). Bars can pass the row and column tests at 45°;
 * one diagonal then runs along a bar and fails. *cy gets the centre. */
static bool finder_confirm(const unsigned char *dark, int w, int h, int x,
			   int y, double m, double *cy, double *mv)
{
	double cx, ty, md;
	if (!finder_line(dark, w, h, x, y, 0, 1, &cx, cy, mv) ||
	    *mv < m * 0.6 || *mv > m * 1.6)
		return false;
	int yc = (int)lround(*cy);
	/* under 2.5 px a module is too coarse for the diagonal ratio */
	if (m < 2.5)
		return true;
	for (int s = -1; s <= 1; s += 2) {
		if (!finder_line(dark, w, h, x, yc, 1, s, &cx, &ty, &md) ||
		    md * M_SQRT2 < m * 0.6 || md * M_SQRT2 > m * 1.6 * M_SQRT2)
			return false;
	}
	return true;
}

/* An Aztec bullseye (ISO/IEC 24778, 6.1.1): concentric squares a module
 * wide round a dark centre module, so that along any line through the
 * centre the runs read dark, light, dark, light, [dark], light, dark,
 * light, dark, each a module (the outer dark ring of 9 x 9 may run into
 * dark data; it is only asked to be there). A QR finder's centre is
 * three modules wide, so the two cannot be taken for each other. */
#define BULLSEYE_RUNS 7

/* True when the BULLSEYE_RUNS runs r[] (light first) round a dark centre
 * are one module each, within half a module, between dark runs outer[2]
 * of half a module at least; *module gets their mean. */
static bool bullseye_ratio(const int *r, const int outer[2], double *module)
{
	int total = 0;
	for (int i = 0; i < BULLSEYE_RUNS; i++)
		total += r[i];
	double m = (double)total / BULLSEYE_RUNS;
	if (m < 1.5)
		return false;
	for (int i = 0; i < BULLSEYE_RUNS; i++)
		if (fabs(r[i] - m) > m / 2)
			return false;
	*module = m;
	return outer[0] >= m / 2 && outer[1] >= m / 2;
}

/* The bullseye runs through the dark (x, y) along (dx, dy): the centre
 * run holding (x, y), three runs out each way and the dark ring beyond.
 * Returns true with the centre and the module in steps when they fit. */
static bool bullseye_line(const unsigned char *dark, int w, int h, int x,
			  int y, int dx, int dy, double *cx, double *cy,
			  double *module)
{
	int r[BULLSEYE_RUNS] = { 0 }, outer[2] = { 0, 0 }, i, c = BULLSEYE_RUNS / 2;
#define IN(k) (x + (k) * dx >= 0 && x + (k) * dx < w && \
	       y + (k) * dy >= 0 && y + (k) * dy < h)
#define D(k) dark[(size_t)(y + (k) * dy) * w + x + (k) * dx]
	if (!IN(0) || !D(0))
		return false;
	for (i = 0; IN(i) && D(i); i--)
		r[c]++;
	for (int k = c - 1; k >= 0; k--)
		for (; IN(i) && D(i) == (k % 2 == 0 ? 0 : 1) && r[k] < 4 * w; i--)
			r[k]++;
	for (; IN(i) && D(i) && outer[0] < 2 * r[c]; i--)
		outer[0]++;
	for (i = 1; IN(i) && D(i); i++)
		r[c]++;
	int c_end = i;
	for (int k = c + 1; k < BULLSEYE_RUNS; k++)
		for (; IN(i) && D(i) == (k % 2 == 0 ? 0 : 1) && r[k] < 4 * w; i++)
			r[k]++;
	for (; IN(i) && D(i) && outer[1] < 2 * r[c]; i++)
		outer[1]++;
#undef D
#undef IN
	if (!bullseye_ratio(r, outer, module))
		return false;
	double mid = c_end - r[c] / 2.0 - 0.5;
	*cx = x + mid * dx;
	*cy = y + mid * dy;
	return true;
}

/* True when the column and both diagonals through (x, y) cross a
 * bullseye of the row's module m too (see finder_confirm()). */
static bool bullseye_confirm(const unsigned char *dark, int w, int h, int x,
			     int y, double m, double *cy, double *mv)
{
	double cx, ty, md;
	if (!bullseye_line(dark, w, h, x, y, 0, 1, &cx, cy, mv) ||
	    *mv < m * 0.6 || *mv > m * 1.6)
		return false;
	int yc = (int)lround(*cy);
	for (int s = -1; s <= 1; s += 2)
		if (!bullseye_line(dark, w, h, x, yc, 1, s, &cx, &ty, &md) ||
		    md * M_SQRT2 < m * 0.6 || md * M_SQRT2 > m * 1.6 * M_SQRT2)
			return false;
	return true;
}

/* Adds a pattern at (x, y) to found, or a vote to one already there. */
static void finder_vote(GArray *found, double x, double y, double m)
{
	for (guint k = 0; k < found->len; k++) {
		finder *o = &g_array_index(found, finder, k);
		if (fabs(o->x - x) < 2 * o->module &&
		    fabs(o->y - y) < 2 * o->module) {
			o->votes++;
			return;
		}
	}
	finder f = { x, y, m, 1, false };
	g_array_append_val(found, f);
}

/* Find finder patterns on the binarised g: rows scanned for 1:1:3:1:1,
 * confirmed down the column through the centre. Along any line through
 * the centre of the concentric squares the ratio holds, so this works at
 * any rotation. Aztec bullseyes, found the same way, go to bullseyes. */
static GArray *finders_find(const grey_map *g, GArray *bullseyes)
{
	GArray *found = g_array_new(FALSE, FALSE, sizeof(finder));
	unsigned char *dark = g_new(unsigned char, (size_t)g->w * g->h);
	VipsImage *blur = NULL, *mem = NULL;
	int *len = NULL, *pos = NULL;

	/* dark: below the local mean (a window of ~ 24 px) by a margin, so
	 * uneven light and tinted cards do not matter */
	if (vips_gaussblur(g->im, &blur, 8, NULL) ||
	    !(mem = vips_image_copy_memory(blur)))
		goto out;
	const unsigned char *mean = VIPS_IMAGE_ADDR(mem, 0, 0);
	for (size_t i = 0; i < (size_t)g->w * g->h; i++)
		dark[i] = g->pix[i] + 8 < mean[i];

	len = g_new(int, g->w + 1);
	pos = g_new(int, g->w + 1);
	for (int y = 0; y < g->h; y++) {
		const unsigned char *row = dark + (size_t)y * g->w;
		int n = 0;
		/* runs of the row: pos[i] starts run i, of length len[i];
		 * runs alternate, so the dark ones are first_dark, +2, ... */
		int first_dark = !row[0];
		for (int x = 0; x < g->w; x++) {
			if (x == 0 || row[x] != row[x - 1]) {
				pos[n] = x;
				len[n++] = 0;
			}
			len[n - 1]++;
		}
		for (int i = first_dark; i + 4 < n; i += 2) {
			double m, cy, mv, cx = pos[i + 2] + len[i + 2] / 2.0;
			if (!finder_ratio(len + i, &m) ||
			    !finder_confirm(dark, g->w, g->h, (int)cx, y, m, &cy,
					    &mv))
				continue;
			finder_vote(found, cx, cy, (m + mv) / 2);
		}
		/* Aztec bullseyes: a dark centre run with three runs and the
		 * dark ring each side */
		for (int i = first_dark + 4; i + 4 < n; i += 2) {
			double m, cy, mv, cx = pos[i] + len[i] / 2.0;
			int outer[2] = { len[i - 4], len[i + 4] };
			if (!bullseye_ratio(len + i - 3, outer, &m) ||
			    !bullseye_confirm(dark, g->w, g->h, (int)cx, y, m,
					      &cy, &mv))
				continue;
			finder_vote(bullseyes, cx, cy, (m + mv) / 2);
		}
	}
out:
	IDR_UNREF(blur);
	IDR_UNREF(mem);
	g_free(len);
	g_free(pos);
	g_free(dark);
	return found;
}

/* Transitions between dark and light along every line of r (rows and
 * columns, binarised at the midpoint of the region's range), per line. */
static double transitions_per_line(const grey_map *g, idr_rect r, double t)
{
	long n = 0, lines = 0;
	for (int y = r.y; y < r.y + r.h; y++, lines++)
		for (int x = r.x + 1; x < r.x + r.w; x++)
			n += (g->pix[(size_t)y * g->w + x] < t) !=
			     (g->pix[(size_t)y * g->w + x - 1] < t);
	for (int x = r.x; x < r.x + r.w; x++, lines++)
		for (int y = r.y + 1; y < r.y + r.h; y++)
			n += (g->pix[(size_t)y * g->w + x] < t) !=
			     (g->pix[(size_t)(y - 1) * g->w + x] < t);
	return lines ? (double)n / lines : 0;
}

/* How much the square r (work pixels) looks like QR modules of size m:
 * 0 when it cannot be one, else transitions per line per module across.
 * A symbol is two-tone, inked near half, with about a transition every
 * two modules along its rows and columns (modules are dark or light at
 * random after masking, ISO/IEC 18004, 7.8; we ask for a third of that).
 * Text, card guilloches and photos fail one of the three. */
static double square_score(const grey_map *g, idr_rect r, double m)
{
	region_profile pr;
	r.x = MAX(r.x, 0);
	r.y = MAX(r.y, 0);
	r.w = MIN(r.w, g->w - r.x);
	r.h = MIN(r.h, g->h - r.y);
	if (r.w < 8 || r.h < 8)
		return 0;
	region_profile_of(g, r, &pr);
	if (pr.contrast < 60 || pr.dark < 0.25 || pr.dark > 0.75 ||
	    pr.middle > 0.45)
		return 0;
	double modules = (r.w + r.h) / 2.0 / m;
	double per_module = transitions_per_line(g, r, pr.threshold) / modules;
	if (per_module < 1.0 / 6)
		return 0;
	/* Coded all over: a square of bold text beside a dark band passes
	 * on the whole, with one third plain. Of its nine thirds-by-thirds
	 * (each at least 7 modules, a finder pattern's width) at most one
	 * may be plain: a wiped stripe or a scratch may blank one. */
	int plain = 0;
	for (int q = 0; q < 9; q++) {
		idr_rect c = { r.x + q % 3 * r.w / 3, r.y + q / 3 * r.h / 3,
			       r.w / 3, r.h / 3 };
		double cm = (c.w + c.h) / 2.0 / m;
		plain += transitions_per_line(g, c, pr.threshold) / cm <
			 1.0 / 6;
	}
	return plain <= 1 ? per_module : 0;
}

/* The box of a QR symbol whose corner finder centre is a and whose other
 * two lie along (ux, uy) and (vx, vy) from it, m the module: corners 3.5
 * modules beyond the centres (a finder pattern is 7 modules wide,
 * ISO/IEC 18004, 6.3.3). */
static idr_rect qr_square(double ax, double ay, double ux, double uy,
			  double vx, double vy, double m)
{
	double du = hypot(ux, uy), dv = hypot(vx, vy);
	double ex = 3.5 * m * (ux / du + vx / dv), ey = 3.5 * m * (uy / du + vy / dv);
	double fx = 3.5 * m * (ux / du - vx / dv), fy = 3.5 * m * (uy / du - vy / dv);
	double xs[4] = { ax - ex, ax + ux + fx, ax + vx - fx, ax + ux + vx + ex };
	double ys[4] = { ay - ey, ay + uy + fy, ay + vy - fy, ay + uy + vy + ey };
	double x0 = xs[0], x1 = xs[0], y0 = ys[0], y1 = ys[0];
	for (int q = 1; q < 4; q++) {
		x0 = MIN(x0, xs[q]);
		x1 = MAX(x1, xs[q]);
		y0 = MIN(y0, ys[q]);
		y1 = MAX(y1, ys[q]);
	}
	return (idr_rect){ (int)floor(x0), (int)floor(y0),
			   (int)ceil(x1 - x0) + 1, (int)ceil(y1 - y0) + 1 };
}

/* Add a QR hit at r (work pixels). */
static void qr_hit(idr_rect r, double m, double s, GArray *hits)
{
	code_hit h = { 0 };
	h.kind = "qr";
	h.box = rect_scale(r, 1 / s);
	h.module = m / s;
	h.confidence = 0.6;
	hits_add(hits, &h);
}

/* True when finders a and b can be corners of one symbol: one module
 * size, and no farther apart than the diagonal of the largest symbol. */
static bool finders_pair(const finder *a, const finder *b)
{
	double m = (a->module + b->module) / 2;
	double d = hypot(b->x - a->x, b->y - a->y);
	return a != b && a->votes >= 2 && b->votes >= 2 &&
	       MAX(a->module, b->module) <= 1.5 * MIN(a->module, b->module) &&
	       d >= 14 * m * 0.8 && d <= 170 * m * 1.2 * M_SQRT2;
}

/* QR symbols from finder patterns of one module size, 14 to 170 modules
 * apart (versions 1 to 40 put the centres of the corner finders 14 to 170
 * modules apart, ISO/IEC 18004, 5.3.1). Three at a right angle with equal
 * sides fix the square. Two left over (the third damaged or too blurred
 * to pass) are a side or the diagonal of one of three squares; the one
 * that looks most coded is taken. Round letters and photo detail pass the
 * ratio test often enough to make pairs and even triples, so every square
 * must look coded. */
static void finder_groups(const grey_map *g, GArray *fs, double s,
			  GArray *hits)
{
	guint n = fs->len;
	for (guint i = 0; i < n; i++) {
		finder *a = &g_array_index(fs, finder, i);
		for (guint j = 0; j < n; j++) {
			finder *b = &g_array_index(fs, finder, j);
			if (!finders_pair(a, b))
				continue;
			double ux = b->x - a->x, uy = b->y - a->y;
			double du = hypot(ux, uy);
			for (guint k = j + 1; k < n; k++) {
				finder *c = &g_array_index(fs, finder, k);
				if (k == i || !finders_pair(a, c))
					continue;
				double m = (a->module + b->module + c->module) / 3;
				double vx = c->x - a->x, vy = c->y - a->y;
				double dv = hypot(vx, vy);
				if (du > 170 * m * 1.2 ||
				    fabs(du - dv) > 0.15 * MAX(du, dv) ||
				    fabs(ux * vx + uy * vy) > 0.2 * du * dv)
					continue;
				idr_rect r = qr_square(a->x, a->y, ux, uy, vx, vy, m);
				if (square_score(g, r, m) <= 0)
					continue;
				qr_hit(r, m, s, hits);
				a->in_triple = b->in_triple = c->in_triple = true;
			}
		}
	}
	for (guint i = 0; i < n; i++) {
		const finder *a = &g_array_index(fs, finder, i);
		for (guint j = i + 1; j < n && !a->in_triple; j++) {
			const finder *b = &g_array_index(fs, finder, j);
			if (b->in_triple || !finders_pair(a, b))
				continue;
			double m = (a->module + b->module) / 2;
			double ux = b->x - a->x, uy = b->y - a->y;
			/* a side with the square on either hand, or the
			 * diagonal (the sides 45 degrees off it) */
			idr_rect r[3] = {
				qr_square(a->x, a->y, ux, uy, -uy, ux, m),
				qr_square(a->x, a->y, ux, uy, uy, -ux, m),
				qr_square(a->x, a->y, (ux - uy) / 2, (uy + ux) / 2,
					  (ux + uy) / 2, (uy - ux) / 2, m),
			};
			double best = 0;
			int pick = -1;
			for (int q = 0; q < 3; q++) {
				double sc = square_score(g, r[q], m);
				if (sc > best) {
					best = sc;
					pick = q;
				}
			}
			if (pick >= 0)
				qr_hit(r[pick], m, s, hits);
		}
	}
}

/* A finder pattern inside a structural 2-D region names it a QR code. */
static void finder_kinds(GArray *fs, GArray *pieces)
{
	for (guint i = 0; i < fs->len; i++) {
		const finder *f = &g_array_index(fs, finder, i);
		idr_rect at = { (int)f->x, (int)f->y, 1, 1 };
		for (guint j = 0; j < pieces->len; j++) {
			piece *p = &g_array_index(pieces, piece, j);
			if (f->votes >= 2 && p->kind &&
			    strcmp(p->kind, "datamatrix") == 0 &&
			    rect_overlap(p->box, at))
				p->kind = "qr";
		}
	}
}

/* Half the side of the square masked round a bullseye no 2-D piece
 * holds, in modules: a compact Aztec symbol is at most 27 modules across
 * (ISO/IEC 24778, table 1); larger ones make pieces of their own. */
#define AZTEC_HALF 14

/* A bullseye (two votes, as for finders) inside a 2-D piece names it an
 * Aztec symbol; one outside every piece is a symbol of its own. */
static void bullseye_kinds(GArray *bulls, GArray *pieces, double s,
			   GArray *hits)
{
	for (guint i = 0; i < bulls->len; i++) {
		const finder *f = &g_array_index(bulls, finder, i);
		idr_rect at = { (int)f->x, (int)f->y, 1, 1 };
		bool held = false;
		if (f->votes < 2)
			continue;
		for (guint j = 0; j < pieces->len; j++) {
			piece *p = &g_array_index(pieces, piece, j);
			if (p->kind && !p->bars && rect_overlap(p->box, at)) {
				p->kind = "aztec";
				held = true;
			}
		}
		if (held)
			continue;
		code_hit h = { 0 };
		int half = (int)ceil(AZTEC_HALF * f->module);
		h.kind = "aztec";
		h.box = rect_scale((idr_rect){ (int)f->x - half, (int)f->y - half,
					       2 * half + 1, 2 * half + 1 }, 1 / s);
		h.module = f->module / s;
		h.confidence = 0.5;
		hits_add(hits, &h);
	}
}

/* -------------------------------------------------------------- main */

/* The most pixels a piece of thin bars may span across per dark run
 * (bars_across()), in the image thin_bars() reads: a 1-D symbol's bars
 * come about every 3-4 modules (Code 128: 3 bars in a character of 11
 * modules, ISO/IEC 15417; EAN: 2 in 7, ISO/IEC 15420; Code 39: 5 in
 * 13-16 with the gap, ISO/IEC 16388), 8 px at most for modules of 2 px.
 * Measured: thin bars' pieces, doubled, 5-10 px a run; a passport page's
 * MRZ, upright and upside down, doubled, made a piece of one direction
 * 53 and 67 px a run (gen-samples --geometry --seed 1295359675,
 * passport_01 r000 and r180), its chevrons and letters' strokes far
 * apart. */
#define THIN_BARS_PERIOD 16

/* The structural finder's bars once more, on g, the image at scale s
 * (2: the doubled image zbar read, for images under ZBAR_TWICE_SIDE; 1:
 * the image itself, for larger ones, which the finder reads shrunk
 * above 2000 px), into thin (code_hit, boxes at full size): bars of
 * modules of about a pixel where the finder reads give the 3x3 Sobel
 * little to see, and their windows stay under DENSE_EDGES. A piece
 * lying mostly on a 2-D symbol of hits, or holding most of one, is left
 * out: a PDF417's rows doubled look like bars. */
static void thin_bars(const grey_map *g, double s, const GArray *hits,
		      GArray *thin)
{
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(piece));

	structure_pieces(g, s, true, pieces);
	for (guint i = 0; i < pieces->len; i++) {
		const piece *p = &g_array_index(pieces, piece, i);
		code_hit h = { .kind = "barcode", .confidence = 0.5 };
		bool on_2d = false;
		double th = piece_normal(p);
		if (!p->kind || strcmp(p->kind, "barcode") != 0 ||
		    fabs(p->box.w * cos(th)) + fabs(p->box.h * sin(th)) >
			    THIN_BARS_PERIOD * bars_across(g, p))
			continue;
		h.box = rect_scale(p->box, 1 / s);
		for (guint k = 0; k < hits->len && !on_2d; k++) {
			const code_hit *o = &g_array_index(hits, code_hit, k);
			long common = rect_common(h.box, o->box);
			on_2d = strcmp(o->kind, "barcode") != 0 &&
				common * 2 >= MIN(rect_area(h.box), rect_area(o->box));
		}
		if (on_2d)
			continue;
		h.module = module_of(g, p->box) / s;
		h.has_normal = true;
		h.normal = th;
		hits_add(thin, &h);
	}
	g_array_free(pieces, TRUE);
}

/* Fits h's box to its bars (bars_extent()) and takes the module measured
 * across them. */
static void bars_fit(const grey_map *g, code_hit *h)
{
	double across;
	h->box = bars_extent(g, h, &across);
	if (across > 0)
		h->module = across;
	else if (h->module <= 0)
		h->module = module_of(g, h->box);
}

/* The scale the structural finder works at: full size up to 2000 px on
 * the long side; above that symbols have modules of several pixels.
 * Below 800 px (SMALL_SIDE, a card under 240 dpi) twice the size: a
 * symbol there may have modules of about a pixel, which the 3x3 Sobel and
 * the 4-px blocks blur together (lowres_bars.jpg of tests/codes_images.c,
 * Code 128 at 1.2 px per module, is found only so).
 * zbar reads these small images at twice their size too, and so it does
 * up to ZBAR_TWICE_SIDE. Above that (up to 2400 px) the doubled pass
 * found nothing the full-size pass and this finder did not, and it cost
 * most of this stage's time: the 52 samples' mean went from 437 to 240 ms
 * without it. Measured on 120 cards of `codes-images --sweep` (two seeds;
 * symbols of every kind with modules 0.8 to 2.6 px, cards scaled to
 * 800-2400 px): the same 26 symbols masked either way. Below 1700 px it
 * does find what nothing else does: 1-D symbols of short bars (15
 * modules), blurred, with modules of 1.4 to 1.5 px, which zbarimg reads
 * only at twice the size and whose windows are too weak for this finder
 * (codes-images --sweep-bars 3800372945 card 9, 898666995 card 48, on
 * 1440-1500 px cards; tests/codes_images.c short_bars_90.jpg). It costs
 * about 125 ms on such a card (--timings, codes= 96 -> 221 ms). */
#define SMALL_SIDE 800
#define ZBAR_TWICE_SIDE 1700

static double work_scale(int w, int h)
{
	int side = MAX(w, h);
	return side > 2000 ? 2000.0 / side : side < SMALL_SIDE ? 2.0 : 1.0;
}

/* The quiet zone of a hit in pixels. */
static int quiet_zone(const code_hit *h)
{
	bool matrix = kind_is_matrix(h->kind);
	double module = h->module;
	if (module <= 0) {
		/* not measured: the largest module the extent allows */
		int side = matrix ? MIN(h->box.w, h->box.h)
				  : MAX(h->box.w, h->box.h);
		module = (double)side /
			 (matrix ? QR_MIN_MODULES : LINEAR_MIN_MODULES);
	}
	return (int)ceil(module * (matrix ? QUIET_MATRIX : QUIET_LINEAR)) + 2;
}

/* The box to mask for h: the symbol grown by its quiet zone. A 1-D
 * symbol's quiet zones lie before its first bar and after its last
 * (ISO/IEC 15417, 4.4.1), not above or below the bars; so when the bars
 * run straight up or across (runs along one axis only, module_along()),
 * the zone is added on those two sides, and along the bars only a
 * margin of two modules for the box's imprecision. Every row across the
 * bars reads the whole symbol, so the bars themselves stay covered end
 * to end: the box holds the structural extent of the bars where that
 * finder saw them (hits_add()). A 10-module zone on all four sides
 * masked 17 % of a card back around a barcode a fifth of that. */
static idr_rect pad_hit(const grey_map *g, const code_hit *h)
{
	int zone = quiet_zone(h), gx = zone, gy = zone;
	idr_rect r = h->box;

	if (strcmp(h->kind, "barcode") == 0) {
		double across_x = module_along(g, r, 1, 0);
		double across_y = module_along(g, r, 0, 1);
		int margin = (int)ceil(2 * MAX(h->module, 1.0)) + 2;
		if (across_x > 0 && across_y == 0)
			gx = MAX(zone, margin), gy = margin;
		else if (across_y > 0 && across_x == 0)
			gx = margin, gy = MAX(zone, margin);
	}
	return rect_pad_clip((idr_rect){ r.x - gx, r.y - gy, r.w + 2 * gx,
					 r.h + 2 * gy }, 0, g->w, g->h);
}

/* The quiet zone is blank by definition; a mask needs only the symbol
 * it surrounds. trim_to_ink() keeps of the padded box the symbol's own
 * box and every dark pixel in the zone (a module the box missed, the end
 * of a bar, printing near the symbol), plus TRIM_MODULES modules and 2
 * px: the blank rest is given back. The quiet zones of a QR code on a
 * Vietnamese card masked 1.5-3.5 % of the image beyond the code
 * (tests/e2e/overmask.py). Dark is under the midpoint of the box's 3rd
 * and 97th percentile grey; where those are under TRIM_CONTRAST apart
 * the box is left as it is. */
#define TRIM_MODULES 1.0
#define TRIM_CONTRAST 48

static idr_rect trim_to_ink(const grey_map *g, const code_hit *h,
			    idr_rect box)
{
	int dark, light;

	if (box.w <= 0 || box.h <= 0)
		return box;
	grey_levels(g->im, box, 0.03, 0.97, &dark, &light);
	if (light - dark < TRIM_CONTRAST)
		return box;
	idr_rect keep = rect_union(h->box,
				   dark_extent(g->im, box, (dark + light) / 2));
	int pad = (int)ceil(TRIM_MODULES * MAX(h->module, 1.0)) + 2;
	keep = rect_intersect(rect_pad_clip(keep, pad, g->w, g->h), box);
	return keep.w > 0 ? keep : box;
}

/* Returns IDR_OK, or IDR_ERR_INTERNAL when libvips fails. */
idr_status codes_find(VipsImage *img, GArray *found, idr_error *err)
{
	grey_map g = { 0 }, half = { 0 }, twice = { 0 }, work = { 0 };
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(code_hit));
	GArray *finders = NULL, *pieces = NULL, *bullseyes = NULL, *thin = NULL;
	idr_status st = IDR_OK;
	double ws;

	if (grey_of(img, &g))
		goto fail;

	/* zbar: full size; half size for large images (it reads blurred,
	 * oversampled symbols better smaller); double for smaller ones
	 * (ZBAR_TWICE_SIDE), whose modules may be under 2 px */
	zbar_pass(&g, 1.0, hits);
	if (MAX(g.w, g.h) > 1200) {
		if (grey_scaled(&g, 0.5, &half))
			goto fail;
		zbar_pass(&half, 0.5, hits);
	}
	if (MAX(g.w, g.h) < ZBAR_TWICE_SIDE) {
		if (grey_doubled(&g, &twice))
			goto fail;
		zbar_pass(&twice, 2.0, hits);
	}
	for (guint i = 0; i < hits->len; i++) {
		code_hit *h = &g_array_index(hits, code_hit, i);
		h->module = module_of(&g, h->box);
	}

	/* structure: dense grid-aligned edges, and QR finder patterns */
	ws = work_scale(g.w, g.h);
	if (ws != 1.0) {
		if (grey_scaled(&g, ws, &work))
			goto fail;
	} else {
		work = g;
		work.im = g_object_ref(g.im);
	}
	pieces = g_array_new(FALSE, FALSE, sizeof(piece));
	structure_pieces(&work, ws, false, pieces);
	bullseyes = g_array_new(FALSE, FALSE, sizeof(finder));
	finders = finders_find(&work, bullseyes);
	finder_kinds(finders, pieces);
	bullseye_kinds(bullseyes, pieces, ws, hits);
	for (guint i = 0; i < pieces->len; i++) {
		const piece *p = &g_array_index(pieces, piece, i);
		code_hit h = { 0 };
		if (!p->kind)
			continue;
		h.kind = p->kind;
		h.box = rect_scale(p->box, 1 / ws);
		h.module = module_of(&work, p->box) / ws;
		h.confidence = 0.5;
		h.has_normal = p->bars;
		h.normal = piece_normal(p);
		hits_add(hits, &h);
	}
	finder_groups(&work, finders, ws, hits);
	thin = g_array_new(FALSE, FALSE, sizeof(code_hit));
	if (ws == 1.0 && twice.im)
		thin_bars(&twice, 2.0, hits, thin);
	else
		thin_bars(&g, 1.0, hits, thin);
	for (guint i = 0; i < hits->len; i++) {
		code_hit *h = &g_array_index(hits, code_hit, i);
		if (strcmp(h->kind, "barcode") == 0)
			bars_fit(&g, h);
	}
	/* a thin-bars hit over bars found already widens their box (both
	 * fitted: the first finder may have seen part of them); elsewhere it
	 * is a symbol of its own */
	for (guint i = 0; i < thin->len; i++) {
		code_hit *t = &g_array_index(thin, code_hit, i);
		bool merged = false;
		bars_fit(&g, t);
		for (guint k = 0; k < hits->len && !merged; k++) {
			code_hit *h = &g_array_index(hits, code_hit, k);
			if ((merged = strcmp(h->kind, "barcode") == 0 &&
				      rect_overlap(h->box, t->box)))
				h->box = rect_union(h->box, t->box);
		}
		if (!merged)
			g_array_append_val(hits, *t);
	}

	for (guint i = 0; i < hits->len; i++) {
		const code_hit *h = &g_array_index(hits, code_hit, i);
		finding f = { 0 };
		f.kind = h->kind;
		f.country = "";
		f.box = trim_to_ink(&g, h, pad_hit(&g, h));
		f.confidence = h->confidence;
		f.checksum = -1;
		f.decoded = h->decoded;
		if (f.box.w > 0 && f.box.h > 0)
			g_array_append_val(found, f);
	}
	goto out;
fail:
	st = idr_fail(err, IDR_ERR_INTERNAL, "finding codes: %s",
		      vips_error_buffer());
	vips_error_clear();
out:
	if (finders)
		g_array_free(finders, TRUE);
	if (bullseyes)
		g_array_free(bullseyes, TRUE);
	if (pieces)
		g_array_free(pieces, TRUE);
	if (thin)
		g_array_free(thin, TRUE);
	g_array_free(hits, TRUE);
	grey_map_clear(&work);
	grey_map_clear(&twice);
	grey_map_clear(&half);
	grey_map_clear(&g);
	return st;
}
