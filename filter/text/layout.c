/* layout.c — where the text lines are and which way they run, before any
 * recognition (interface in text/text.h).
 *
 * The page is binarised (Sauvola's local threshold, so uneven light on a
 * phone photo does not matter) and cut into connected components with
 * leptonica; components of character size are kept. Each is joined to
 * its two nearest neighbours of similar size, and the directions of
 * those links are counted: characters sit much closer to each other
 * along a line than across lines, so the links pile up at the line
 * direction, whatever it is — upright, skewed, running down the page.
 * This is the "docstrum" of O'Gorman (IEEE PAMI 15(11), 1993). Links near
 * the direction are chained into lines; lines of a second, clearly
 * separate direction make a block of their own (a card lying askew on a
 * scanned page, an MRZ printed along the edge of a booklet), so each
 * block can be read at its own angle.
 *
 * The direction is known modulo a half turn only: which end of a line
 * comes first is orient.c's question. Cost: a few tens of milliseconds on
 * the analysed copy, whose long side is at most LAYOUT_SIDE pixels.
 */
#include <math.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "text/text.h"

/* The analysed copy's long side at most: a card photographed at 4000 px
 * keeps its body text 10+ px tall here, an A4 page at 300 dpi 10 px. */
#define LAYOUT_SIDE 1400
/* Sauvola: window half-width and k (Sauvola & Pietikäinen, Pattern
 * Recognition 33(2), 2000, suggest k = 0.5 on 8-bit text; 0.34 keeps
 * thin strokes of small text on coloured card backgrounds). */
#define SAUVOLA_HALF 14
#define SAUVOLA_K 0.34f
/* Directions of two links closer than this (degrees) count as one. */
#define LINE_TOLERANCE 7.0
/* The centres of a line's characters lie within this many character
 * heights across it. */
#define LINE_STRAIGHT 0.9
/* A direction is text when this share of the links within 20 degrees of
 * it lies within 3 (sharpness()). */
#define SHARP_ENOUGH 0.3
/* A direction that is not sharp enough is still text when it chains
 * into SURE_LINES lines of SURE_LINE_CHARS letters or more: sharpness is
 * one signal, and a second direction a few degrees off, with no valley
 * between them, blunts it. A form with a card on it, turned 10 degrees
 * from the form's lines and the page skewed 15, came out at 0.298 and
 * lost both its blocks to the fallback, which reads without levelling;
 * the card's number was left whole (rotation seed 1826815801,
 * scan_card_on_page_01_r090_s+15). It chains into 7 lines of 15 to 57
 * letters; on the 40 pictures of tests/bench/photos.sh (textures,
 * scenes, no document; scenes.py seed 1796146556) no direction chains
 * into more than one. */
#define SURE_LINES 3
#define SURE_LINE_CHARS 15
/* A second direction needs this share of the main one's links. */
#define SECOND_SHARE 0.12
/* A second direction is its own when it lies this far (degrees) from
 * every block found, or at least SECOND_APART with a valley of the
 * histogram between them (below SECOND_VALLEY of its own height): a card
 * laid on a form 20 degrees askew left two peaks 20 degrees apart, each
 * of them on its own side of a dip to a sixth; 12 degrees apart the dip
 * was to 0.55 of the lower peak. Nearer than SECOND_APART
 * its letters chain into the main lines (LINE_TOLERANCE). */
/* A line measured along its own direction (chain_lines()) has this many
 * letters and is this many letter heights long at least: at 3 degrees off
 * the block, centres drift 0.9 of a letter's height over 17 heights. */
#define OWN_AXIS_CHARS 12
#define OWN_AXIS_LENGTH 15.0
/* ... and its letters are of one size: none over this many times the
 * line's median letter height (capitals beside lower case: 1.5). */
#define ONE_SIZE 2.0
#define SECOND_FAR 20.0
#define SECOND_APART 10.0
#define SECOND_VALLEY 0.7

typedef struct comp {
	float x, y;     /* centre */
	float w, h;     /* box */
	float size;     /* scale for neighbour distances */
} comp;

typedef struct neighbour {
	int i, j;
	float angle;    /* [0, 180) */
	float dist;
} neighbour;

void page_layout_free(page_layout *layout)
{
	if (!layout)
		return;
	for (guint i = 0; layout->blocks && i < layout->blocks->len; i++)
		g_array_free(g_array_index(layout->blocks, text_block, i).lines,
			     TRUE);
	if (layout->blocks)
		g_array_free(layout->blocks, TRUE);
	g_free(layout);
}

/* ------------------------------------------------------------ components */

/* Returns the character-like components of the dark ink of grey. */
static GArray *find_components(VipsImage *grey)
{
	GArray *comps = g_array_new(FALSE, FALSE, sizeof(comp));
	PIX *pix = pix_from_grey(grey), *bin = NULL;
	BOXA *boxa = NULL;
	int side = MAX(grey->Xsize, grey->Ysize);
	/* Bigger than this is a photo, a frame or a band, not a letter. */
	int biggest = MIN(140, side / 6);

	if (!pix || pixSauvolaBinarize(pix, SAUVOLA_HALF, SAUVOLA_K, 1, NULL,
				       NULL, NULL, &bin) || !bin)
		goto out;
	if (!(boxa = pixConnCompBB(bin, 8)))
		goto out;
	for (int i = 0; i < boxaGetCount(boxa); i++) {
		l_int32 x, y, w, h;
		boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
		int lo = MIN(w, h), hi = MAX(w, h);
		/* Specks, rules and blobs out; a word whose letters touch
		 * (bold text on a small scan) stays: it still lines up with
		 * its neighbours. */
		if (hi < 5 || hi > biggest || lo < 2 || hi > 12 * lo)
			continue;
		comp c = { x + w / 2.0f, y + h / 2.0f, (float)w, (float)h,
			   (float)MIN(hi, 2 * lo) };
		g_array_append_val(comps, c);
	}
out:
	boxaDestroy(&boxa);
	pixDestroy(&bin);
	pixDestroy(&pix);
	return comps;
}

/* --------------------------------------------------------------- links */

static gint by_x(gconstpointer a, gconstpointer b)
{
	float d = ((const comp *)a)->x - ((const comp *)b)->x;
	return d < 0 ? -1 : d > 0;
}

/* Fills nearest with the links from every component to its two nearest
 * neighbours of similar size (what the direction is measured on), and
 * near with its links to every such neighbour within reach (what lines
 * are chained along: across a word gap the two nearest are often both
 * letters of the same word). comps must be sorted by x. */
static void find_links(GArray *comps, GArray *nearest, GArray *near)
{
	const comp *c = (const comp *)comps->data;
	int n = (int)comps->len;

	for (int i = 0; i < n; i++) {
		float reach = 2.5f * c[i].size;
		neighbour best[2] = { { -1, -1, 0, G_MAXFLOAT },
				      { -1, -1, 0, G_MAXFLOAT } };
		/* comps is sorted by x: walk both ways while in reach. */
		for (int dir = -1; dir <= 1; dir += 2)
			for (int j = i + dir; j >= 0 && j < n; j += dir) {
				float dx = c[j].x - c[i].x, dy = c[j].y - c[i].y;
				/* no partner is larger than 2.5 x, so none
				 * further than 2.5 x 2.5 sizes */
				if (fabsf(dx) > 2.5f * reach)
					break;
				float ratio = c[j].size / c[i].size;
				if (ratio < 0.4f || ratio > 2.5f)
					continue;
				float d = hypotf(dx, dy);
				if (d > reach * MAX(1.0f, ratio))
					continue;
				float a = atan2f(dy, dx) * (float)(180 / G_PI);
				if (a < 0)
					a += 180;
				if (a >= 180)
					a -= 180;
				neighbour l = { i, j, a, d };
				if (j > i)
					g_array_append_val(near, l);
				if (d >= best[1].dist)
					continue;
				if (d < best[0].dist) {
					best[1] = best[0];
					best[0] = l;
				} else {
					best[1] = l;
				}
			}
		for (int k = 0; k < 2; k++)
			if (best[k].j >= 0)
				g_array_append_val(nearest, best[k]);
	}
}

/* Returns the distance between two directions, modulo a half turn. */
static double angle_gap(double a, double b)
{
	double d = fmod(fabs(a - b), 180.0);
	return d > 90 ? 180 - d : d;
}

/* Fills hist[180] with the links' directions, smoothed over +-2 degrees
 * (triangular weights), and returns the strongest bin. */
static int direction_histogram(GArray *links, double hist[180])
{
	double raw[180] = { 0 };
	int best = 0;

	for (guint i = 0; i < links->len; i++) {
		int b = (int)g_array_index(links, neighbour, i).angle % 180;
		raw[b] += 1;
	}
	for (int b = 0; b < 180; b++) {
		hist[b] = 0;
		for (int k = -2; k <= 2; k++)
			hist[b] += (3 - abs(k)) * raw[(b + k + 180) % 180];
		if (hist[b] > hist[best])
			best = b;
	}
	return best;
}

/* Returns the mean direction of the links within 3 degrees of bin,
 * taken as offsets from it (so 179 and 1 average to 0). */
static double refine_direction(GArray *links, int bin)
{
	double sum = 0, n = 0;

	for (guint i = 0; i < links->len; i++) {
		double a = g_array_index(links, neighbour, i).angle;
		double d = a - (bin + 0.5);
		if (d > 90)
			d -= 180;
		if (d < -90)
			d += 180;
		if (fabs(d) <= 3) {
			sum += d;
			n++;
		}
	}
	double a = bin + 0.5 + (n > 0 ? sum / n : 0);
	return fmod(a + 180, 180);
}

/* Returns the links' weight within within degrees of direction a. */
static double weight_near(const double hist[180], double a, double within)
{
	double w = 0;

	for (int b = 0; b < 180; b++)
		if (angle_gap(b + 0.5, a) <= within)
			w += hist[b];
	return w;
}

/* Returns how sharply the links gather at direction a: their weight
 * within 3 degrees over that within 20. Text, its letters in a row, gives
 * 0.5 and more; specks in every direction about 3/20. */
static double sharpness(const double hist[180], double a)
{
	double wide = weight_near(hist, a, 20);
	return wide > 0 ? weight_near(hist, a, 3) / wide : 0;
}

/* Returns true when bin is a local maximum of hist holding at least
 * SECOND_SHARE of the weight of bin peak: a candidate second direction. */
static bool second_peak(const double hist[180], int bin, int peak)
{
	return hist[bin] >= SECOND_SHARE * hist[peak] &&
	       hist[bin] >= hist[(bin + 1) % 180] &&
	       hist[bin] >= hist[(bin + 179) % 180];
}

/* Returns the least weight of the histogram strictly between directions
 * a and b, along the shorter way round. */
static double valley_between(const double hist[180], double a, double b)
{
	double low = INFINITY;
	double gap = angle_gap(a, b);

	for (int bin = 0; bin < 180; bin++) {
		double c = bin + 0.5;
		if (angle_gap(c, a) < gap && angle_gap(c, b) < gap &&
		    angle_gap(c, a) >= 1 && angle_gap(c, b) >= 1)
			low = MIN(low, hist[bin]);
	}
	return low;
}

/* Returns true when direction bin, a local maximum of hist, stands apart
 * from every block of the layout (SECOND_FAR, SECOND_APART). */
static bool apart_from_blocks(const double hist[180], int bin,
			      const GArray *blocks)
{
	double a = bin + 0.5;

	for (guint i = 0; i < blocks->len; i++) {
		double b = g_array_index(blocks, text_block, i).angle;
		double gap = angle_gap(a, b);
		if (gap >= SECOND_FAR)
			continue;
		if (gap < SECOND_APART ||
		    valley_between(hist, a, b) >= SECOND_VALLEY * hist[bin])
			return false;
	}
	return true;
}

/* sharpness() of direction a with the links nearer to one of the n
 * directions others[] than to a left out: a second direction 20 degrees
 * from the main one has the main peak's flank within its own 20 degrees,
 * and the other way round. */
static double sharpness_apart(const double hist[180], double a,
			      const double *others, int n)
{
	double own[180];

	for (int bin = 0; bin < 180; bin++) {
		own[bin] = hist[bin];
		for (int i = 0; i < n; i++)
			if (angle_gap(bin + 0.5, others[i]) <
			    angle_gap(bin + 0.5, a))
				own[bin] = 0;
	}
	return sharpness(own, a);
}

/* Returns the sharpness of the main direction a (of histogram bin peak)
 * beside the peaks of its own within SECOND_FAR: each a local maximum of
 * at least SECOND_SHARE of the main one, apart from it by a valley (a
 * card 12 degrees askew on a form left no direction sharp enough when
 * each flanked the other). */
static double main_sharpness(const double hist[180], int peak, double a)
{
	double others[180];
	int n = 0;

	for (int bin = 0; bin < 180; bin++) {
		double gap = angle_gap(bin + 0.5, a);
		if (gap < SECOND_APART || gap >= SECOND_FAR ||
		    !second_peak(hist, bin, peak) ||
		    valley_between(hist, bin + 0.5, a) >=
			    SECOND_VALLEY * hist[bin])
			continue;
		others[n++] = bin + 0.5;
	}
	return sharpness_apart(hist, a, others, n);
}

/* --------------------------------------------------------------- lines */

static int find_root(int *parent, int i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* Returns the extent across a line of direction angle of a character
 * whose box is w x h: the box of a character turned by skew is larger
 * than the character; undoing that (w' = w c + h s, h' = w s + h c)
 * gives its own height. */
static double across(const comp *c, double skew, bool vertical)
{
	double cs = cos(skew * G_PI / 180), sn = fabs(sin(skew * G_PI / 180));
	double along = vertical ? c->h : c->w, over = vertical ? c->w : c->h;
	double den = cs * cs - sn * sn;
	double h = den > 0.2 ? (over * cs - along * sn) / den : over;
	return MAX(h, 0.5 * over);
}

static gint by_double(gconstpointer a, gconstpointer b)
{
	double d = *(const double *)a - *(const double *)b;
	return d < 0 ? -1 : d > 0;
}

/* A chain of components measured along a direction: the extent of
 * their boxes along it (u) and across it (v), and how far their centres
 * spread across it. */
typedef struct line_frame {
	double angle;
	double u0, u1, v0, v1;
	double spread;
} line_frame;

/* Returns true after measuring the components whose root is r along
 * direction angle (degrees). */
static bool line_extent(GArray *comps, int *parent, int r, double angle,
			line_frame *f)
{
	double ca = cos(angle * G_PI / 180), sa = sin(angle * G_PI / 180);
	double c0 = G_MAXDOUBLE, c1 = -G_MAXDOUBLE;

	*f = (line_frame){ angle, G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE,
			   -G_MAXDOUBLE, 0 };
	for (guint i = 0; i < comps->len; i++) {
		if (find_root(parent, (int)i) != r)
			continue;
		const comp *c = &g_array_index(comps, comp, i);
		double centre = -c->x * sa + c->y * ca;
		c0 = MIN(c0, centre);
		c1 = MAX(c1, centre);
		/* The box's corners in line coordinates. */
		for (int k = 0; k < 4; k++) {
			double x = c->x + (k & 1 ? 0.5 : -0.5) * c->w;
			double y = c->y + (k & 2 ? 0.5 : -0.5) * c->h;
			double u = x * ca + y * sa, v = -x * sa + y * ca;
			f->u0 = MIN(f->u0, u);
			f->u1 = MAX(f->u1, u);
			f->v0 = MIN(f->v0, v);
			f->v1 = MAX(f->v1, v);
		}
	}
	f->spread = c1 - c0;
	return c1 >= c0;
}

/* Returns true when every component whose root is r is at most
 * ONE_SIZE times the line's letter height across the line. */
static bool one_size(GArray *comps, int *parent, int r, double skew,
		     bool vertical, double char_px)
{
	for (guint i = 0; i < comps->len; i++)
		if (find_root(parent, (int)i) == r &&
		    across(&g_array_index(comps, comp, i), skew, vertical) >
		    ONE_SIZE * char_px)
			return false;
	return true;
}

/* Returns the direction (degrees, [0, 180)) of the principal axis of
 * the centres of the components whose root is r: the angle of the
 * larger eigenvector of their covariance, 0.5 atan2(2 sxy, sxx - syy). */
static double centres_axis(GArray *comps, int *parent, int r)
{
	double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
	int n = 0;

	for (guint i = 0; i < comps->len; i++) {
		if (find_root(parent, (int)i) != r)
			continue;
		const comp *c = &g_array_index(comps, comp, i);
		mx += c->x;
		my += c->y;
		n++;
	}
	if (n == 0)
		return 0;
	mx /= n;
	my /= n;
	for (guint i = 0; i < comps->len; i++) {
		if (find_root(parent, (int)i) != r)
			continue;
		const comp *c = &g_array_index(comps, comp, i);
		sxx += (c->x - mx) * (c->x - mx);
		syy += (c->y - my) * (c->y - my);
		sxy += (c->x - mx) * (c->y - my);
	}
	double a = 0.5 * atan2(2 * sxy, sxx - syy) * 180 / G_PI;
	return a < 0 ? a + 180 : a;
}

/* Returns the lines of direction angle: components chained by links
 * within LINE_TOLERANCE of it; at least min_chars each. Components
 * already taken by a line are left out, and those of the lines found
 * are marked taken: the first letters of left-aligned lines line up
 * across them, and must not make a block of their own. */
static GArray *chain_lines(GArray *comps, GArray *links, double angle,
			   double skew, bool vertical, int min_chars,
			   bool *taken)
{
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(text_line));
	int n = (int)comps->len;
	int *parent = g_new(int, n), *count = g_new0(int, n);

	for (int i = 0; i < n; i++)
		parent[i] = i;
	for (guint k = 0; k < links->len; k++) {
		const neighbour *l = &g_array_index(links, neighbour, k);
		if (angle_gap(l->angle, angle) > LINE_TOLERANCE ||
		    taken[l->i] || taken[l->j])
			continue;
		int a = find_root(parent, l->i), b = find_root(parent, l->j);
		if (a != b)
			parent[a] = b;
	}
	for (int i = 0; i < n; i++)
		count[find_root(parent, i)]++;
	for (int r = 0; r < n; r++) {
		if (parent[r] != r || count[r] < min_chars)
			continue;
		GArray *heights = g_array_new(FALSE, FALSE, sizeof(double));
		for (int i = 0; i < n; i++) {
			if (find_root(parent, i) != r)
				continue;
			double hgt = across(&g_array_index(comps, comp, i), skew,
					    vertical);
			g_array_append_val(heights, hgt);
		}
		g_array_sort(heights, by_double);
		double char_px = g_array_index(heights, double, heights->len / 2);
		g_array_free(heights, TRUE);
		/* The centres of a line's letters lie along it (a descender
		 * or a comma moves one by less than a letter's height); a
		 * chain of specks zigzagging within the angle does not. A
		 * long line of a page photographed in perspective runs a
		 * degree or two off the block's direction (the two lines of
		 * an MRZ at the far edge of a passport page photographed on
		 * a desk ran 1.8 degrees off, which over 44 letters took
		 * their centres some 50 px across, over a letter's height);
		 * such a line is measured along its own direction, the
		 * principal axis of its centres, when that lies within
		 * LINE_TOLERANCE. Only a long line: a few degrees carry the
		 * centres a letter's height across only over many letters,
		 * and a short chain that drifts is specks. Only letters of
		 * one size: a line of text next to a portrait, joined at its
		 * end to two blotches of the photo 2.6 letter heights tall,
		 * was taken for a line, and the portrait for page. */
		line_frame f;
		if (!line_extent(comps, parent, r, angle, &f) ||
		    f.spread > LINE_STRAIGHT * char_px) {
			double own = centres_axis(comps, parent, r);
			if (count[r] < OWN_AXIS_CHARS ||
			    !one_size(comps, parent, r, skew, vertical, char_px) ||
			    angle_gap(own, angle) > LINE_TOLERANCE ||
			    !line_extent(comps, parent, r, own, &f) ||
			    f.spread > LINE_STRAIGHT * char_px ||
			    f.u1 - f.u0 < OWN_AXIS_LENGTH * char_px)
				continue;
		}
		double ca = cos(f.angle * G_PI / 180), sa = sin(f.angle * G_PI / 180);
		double um = (f.u0 + f.u1) / 2, vm = (f.v0 + f.v1) / 2;
		text_line line = {
			.angle = f.angle, .cx = um * ca - vm * sa,
			.cy = um * sa + vm * ca, .length = f.u1 - f.u0,
			.thickness = f.v1 - f.v0, .char_px = char_px,
			.chars = count[r],
		};
		g_array_append_val(lines, line);
		for (int i = 0; i < n; i++)
			if (find_root(parent, i) == r)
				taken[i] = true;
	}
	g_free(parent);
	g_free(count);
	return lines;
}

/* Returns the bounding box of a line's rectangle, grown by pad. */
static idr_rect line_box(const text_line *l, double pad)
{
	double ca = cos(l->angle * G_PI / 180), sa = sin(l->angle * G_PI / 180);
	double hu = l->length / 2 + pad, hv = l->thickness / 2 + pad;
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE;
	double x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

	for (int k = 0; k < 4; k++) {
		double u = k & 1 ? hu : -hu, v = k & 2 ? hv : -hv;
		double x = l->cx + u * ca - v * sa, y = l->cy + u * sa + v * ca;
		x0 = MIN(x0, x);
		y0 = MIN(y0, y);
		x1 = MAX(x1, x);
		y1 = MAX(y1, y);
	}
	return (idr_rect){ (int)floor(x0), (int)floor(y0),
			   (int)ceil(x1 - x0), (int)ceil(y1 - y0) };
}

/* Returns how many of lines hold SURE_LINE_CHARS letters or more. */
static int long_lines(const GArray *lines)
{
	int n = 0;

	for (guint i = 0; i < lines->len; i++)
		n += g_array_index(lines, text_line, i).chars >= SURE_LINE_CHARS;
	return n;
}

/* Returns a block of the lines given (taken over), or one with no lines
 * when there are none. Sizes are turned into the input's pixels by
 * dividing by k. */
static text_block make_block(GArray *lines, double angle, bool axis_sure,
			     double k, int width, int height)
{
	text_block b = { .angle = angle, .axis_sure = axis_sure,
			 .lines = lines };
	double skew = angle > 135 ? angle - 180 : angle > 45 ? angle - 90 : angle;
	GArray *heights = g_array_new(FALSE, FALSE, sizeof(double));
	idr_rect box = { 0, 0, 0, 0 };

	b.vertical = angle > 45 && angle <= 135;
	b.skew = skew;
	for (guint i = 0; i < lines->len; i++) {
		text_line *l = &g_array_index(lines, text_line, i);
		/* weighted by its characters: many short label lines must
		 * not outvote the few long lines of body text */
		for (int c = 0; c < l->chars; c++)
			g_array_append_val(heights, l->char_px);
		idr_rect r = line_box(l, 2 * l->char_px);
		box = i == 0 ? r : rect_union(box, r);
		l->cx /= k;
		l->cy /= k;
		l->length /= k;
		l->thickness /= k;
		l->char_px /= k;
	}
	if (heights->len) {
		g_array_sort(heights, by_double);
		b.char_px = g_array_index(heights, double, heights->len / 2) / k;
	}
	g_array_free(heights, TRUE);
	b.region = rect_pad_clip(rect_scale(box, 1 / k), 0, width, height);
	return b;
}

idr_status layout_find(VipsImage *img, page_layout **out, idr_error *err)
{
	VipsImage *t[3] = { NULL, NULL, NULL }, *grey = NULL;
	page_layout *layout = g_new0(page_layout, 1);
	GArray *comps = NULL, *links = NULL, *near = NULL;
	bool *taken = NULL;
	gint64 start = g_get_monotonic_time();
	int side = MAX(img->Xsize, img->Ysize);
	double k = MIN(1.0, (double)LAYOUT_SIDE / side), hist[180];
	idr_status st = IDR_OK;

	*out = NULL;
	layout->blocks = g_array_new(FALSE, FALSE, sizeof(text_block));
	layout->width = img->Xsize;
	layout->height = img->Ysize;
	if (vips_colourspace(img, &t[0], VIPS_INTERPRETATION_B_W, NULL) ||
	    vips_extract_band(t[0], &t[1], 0, NULL) ||
	    vips_resize(t[1], &t[2], k, NULL) ||
	    !(grey = vips_image_copy_memory(t[2]))) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "layout: %s",
			      vips_error_buffer());
		goto out;
	}
	comps = find_components(grey);
	layout->components = (int)comps->len;
	if (comps->len < 6)
		goto done;
	g_array_sort(comps, by_x);
	taken = g_new0(bool, comps->len);
	links = g_array_new(FALSE, FALSE, sizeof(neighbour));
	near = g_array_new(FALSE, FALSE, sizeof(neighbour));
	find_links(comps, links, near);
	if (links->len < 6)
		goto done;

	int peak = direction_histogram(links, hist);
	double main_dir = refine_direction(links, peak);
	double main_w = weight_near(hist, main_dir, 5);
	double cross_w = weight_near(hist, main_dir + 90, 5);
	/* Within a line the nearest neighbours are its own letters; a page
	 * whose links across lines come near those along them has no clear
	 * direction (a grid of digits, a few scattered words). */
	bool axis_sure = cross_w < 0.5 * main_w;
	double main_skew = main_dir > 135 ? main_dir - 180 :
			   main_dir > 45 ? main_dir - 90 : main_dir;
	bool main_vertical = main_dir > 45 && main_dir <= 135;
	GArray *lines = chain_lines(comps, near, main_dir, main_skew,
				    main_vertical, 3, taken);
	/* No direction stands out: specks (a photo, a textured desk), not
	 * text; unless the direction chains into long lines (long_lines()). */
	if (lines->len == 0 ||
	    (main_sharpness(hist, peak, main_dir) < SHARP_ENOUGH &&
	     long_lines(lines) < SURE_LINES)) {
		g_array_free(lines, TRUE);
		goto done;
	}
	text_block b = make_block(lines, main_dir, axis_sure, k, img->Xsize,
				  img->Ysize);
	g_array_append_val(layout->blocks, b);

	/* Other directions: local maxima well away from the main one, each a
	 * block of its own when it chains into long lines (links across the
	 * lines of the main block do not: each letter's two nearest
	 * neighbours are beside it). They are looked for among the links of
	 * the letters no block has taken yet: in the histogram of all links a
	 * small card lying 12-15 degrees askew on a form full of text is only
	 * a shoulder of the form's peak, with no valley between them and no
	 * maximum of its own, and its lines were read 13 degrees off. */
	double tried[2];
	int n_tried = 0;
	for (int round = 0; round < 2; round++) {
		double rest[180];
		GArray *free_links = g_array_new(FALSE, FALSE, sizeof(neighbour));
		for (guint i = 0; i < links->len; i++) {
			const neighbour *l = &g_array_index(links, neighbour, i);
			if (!taken[l->i] && !taken[l->j])
				g_array_append_val(free_links, *l);
		}
		direction_histogram(free_links, rest);
		/* a direction that did not chain into lines is not tried again */
		for (int d = 0; d < n_tried; d++)
			for (int bin = 0; bin < 180; bin++)
				if (angle_gap(bin + 0.5, tried[d]) < SECOND_APART)
					rest[bin] = 0;
		int best = -1;
		for (int bin = 0; bin < 180; bin++) {
			/* as large as SECOND_SHARE of the main peak of all links:
			 * the specks left over never are */
			if (!second_peak(rest, bin, bin) ||
			    rest[bin] < SECOND_SHARE * hist[peak])
				continue;
			if (apart_from_blocks(rest, bin, layout->blocks) &&
			    (best < 0 || rest[bin] > rest[best]))
				best = bin;
		}
		if (best < 0) {
			g_array_free(free_links, TRUE);
			break;
		}
		double dir = refine_direction(free_links, best);
		double taken_dirs[3];
		for (guint i = 0; i < layout->blocks->len; i++)
			taken_dirs[i] = g_array_index(layout->blocks,
						      text_block, i).angle;
		double sharp = sharpness_apart(rest, dir, taken_dirs,
					       (int)layout->blocks->len);
		g_array_free(free_links, TRUE);
		if (sharp < SHARP_ENOUGH)
			break;
		double skew = dir > 135 ? dir - 180 : dir > 45 ? dir - 90 : dir;
		bool vertical = dir > 45 && dir <= 135;
		GArray *other = chain_lines(comps, near, dir, skew, vertical, 6,
					     taken);
		int chars = 0;
		for (guint i = other->len; i-- > 0;) {
			const text_line *l = &g_array_index(other, text_line, i);
			if (l->length < 5 * l->char_px)
				g_array_remove_index(other, i);
			else
				chars += l->chars;
		}
		if (chars < 12) {
			g_array_free(other, TRUE);
			tried[n_tried++] = dir;
			continue;
		}
		text_block ob = make_block(other, dir, true, k, img->Xsize,
					   img->Ysize);
		g_array_append_val(layout->blocks, ob);
	}
done:
	layout->ms = (g_get_monotonic_time() - start) / 1000.0;
	*out = layout;
	layout = NULL;
out:
	vips_error_clear();
	if (comps)
		g_array_free(comps, TRUE);
	if (links)
		g_array_free(links, TRUE);
	if (near)
		g_array_free(near, TRUE);
	g_free(taken);
	IDR_UNREF(grey);
	for (int i = 0; i < 3; i++)
		IDR_UNREF(t[i]);
	page_layout_free(layout);
	return st;
}
