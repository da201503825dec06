/* cascade.c — OpenCV's boosted cascades (Haar and LBP), read from their
 * XML files and evaluated by our own code. Interface: cascade.h.
 *
 * The detection follows the algorithm of OpenCV 4's
 * CascadeClassifier::detectMultiScale (objdetect/src/cascadedetect.cpp),
 * step for step, so that our boxes can be compared with OpenCV's on the
 * same image (tests/check_faces.c does): an image pyramid resized with
 * OpenCV's bit-exact bilinear rule, one integral image per level, the
 * training window slid over each level, and the raw windows grouped with
 * groupRectangles (eps 0.2). The facts we rely on are marked "OpenCV:".
 *
 * The pyramid is resized here rather than with libvips: the comparison
 * with OpenCV needs its exact sampling and fixed-point rounding, and the
 * resize is fused with the integral images that libvips has no use for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cascade.h"

enum feature_kind { FEAT_HAAR, FEAT_LBP };

typedef struct haar_feature {
	int n;                       /* rectangles used: 2 or 3 */
	struct { int x, y, w, h; float weight; } r[3];
} haar_feature;

typedef struct lbp_feature {
	int x, y, w, h;              /* one cell of the 3x3 grid */
} lbp_feature;

typedef struct tree_node {
	int left, right;             /* > 0: node index; <= 0: leaf -value */
	int feature;
	float threshold;             /* Haar */
	guint32 subset[8];           /* LBP: categories (0..255) going left */
} tree_node;

typedef struct tree {
	int first_node, nodes, first_leaf;
} tree;

typedef struct stage {
	int first_tree, trees;
	float threshold;
} stage;

struct cascade {
	enum feature_kind kind;
	int win_w, win_h;
	int categories;              /* 0 for Haar, 256 for LBP */
	bool stumps;                 /* every tree is a single node */
	GArray *stages;              /* stage */
	GArray *trees;               /* tree */
	GArray *nodes;               /* tree_node */
	GArray *leaves;              /* float */
	GArray *haar;                /* haar_feature */
	GArray *lbp;                 /* lbp_feature */
};

/* ---------------------------------------------------------------- XML */

#define MAX_DEPTH 16

typedef struct parser {
	cascade *c;
	const char *names[MAX_DEPTH];
	int depth;
	GString *text;
	bool seen_cascade, seen_boost;
	char problem[160];           /* first semantic problem, if any */
} parser;

/* Returns the name of the element depth-up levels above the current one
 * (0 = current), or "" above the root. */
static const char *ancestor(const parser *ps, int up)
{
	int i = ps->depth - 1 - up;
	return i >= 0 ? ps->names[i] : "";
}

static void set_problem(parser *ps, const char *msg)
{
	if (!ps->problem[0])
		g_strlcpy(ps->problem, msg, sizeof ps->problem);
}

/* Returns how many numbers were parsed from *text into v (at most max);
 * *text is left after the last one parsed. */
static int parse_numbers(const char **text, double *v, int max)
{
	int n = 0;
	const char *p = *text;
	char *end;

	while (n < max) {
		while (g_ascii_isspace(*p))
			p++;
		if (!*p)
			break;
		v[n] = g_ascii_strtod(p, &end);
		if (end == p)
			break;
		n++;
		p = end;
	}
	*text = p;
	return n;
}

/* Returns how many numbers the whole of text starts with (at most max). */
static int numbers_in(const char *text, double *v, int max)
{
	return parse_numbers(&text, v, max);
}

static void on_start(GMarkupParseContext *ctx, const char *name,
		     const char **attr_names, const char **attr_values,
		     gpointer data, GError **error)
{
	parser *ps = data;
	cascade *c = ps->c;

	(void)ctx, (void)attr_names, (void)attr_values, (void)error;
	if (ps->depth >= MAX_DEPTH) {
		set_problem(ps, "XML nested too deeply");
		return;
	}
	ps->names[ps->depth++] = g_intern_string(name);
	g_string_truncate(ps->text, 0);
	if (strcmp(name, "cascade") == 0 && ps->depth == 2)
		ps->seen_cascade = true;
	if (strcmp(name, "_") != 0)
		return;
	if (strcmp(ancestor(ps, 1), "stages") == 0) {
		stage s = { .first_tree = (int)c->trees->len };
		g_array_append_val(c->stages, s);
	} else if (strcmp(ancestor(ps, 1), "features") == 0) {
		if (c->kind == FEAT_HAAR) {
			haar_feature f = { 0 };
			g_array_append_val(c->haar, f);
		} else {
			lbp_feature f = { 0 };
			g_array_append_val(c->lbp, f);
		}
	}
}

/* Adds the tree whose internalNodes text is given (its leaves follow). */
static void add_tree(parser *ps, const char *text)
{
	cascade *c = ps->c;
	/* OpenCV: a node is left, right, featureIdx, then either one
	 * threshold (ordered features) or (categories+31)/32 subset words
	 * (categorical features, LBP). */
	int step = 3 + (c->categories > 0 ? (c->categories + 31) / 32 : 1);
	double v[3 + 8 + 1];
	const char *p = text;
	tree t = { .first_node = (int)c->nodes->len,
		   .first_leaf = (int)c->leaves->len };

	if (c->categories > 256 || c->stages->len == 0) {
		set_problem(ps, "weak classifier outside a stage, or too many categories");
		return;
	}
	for (;;) {
		int n = parse_numbers(&p, v, step);
		if (n == 0)
			break;
		if (n != step) {
			set_problem(ps, "internalNodes of the wrong length");
			return;
		}
		tree_node node = { .left = (int)v[0], .right = (int)v[1],
				   .feature = (int)v[2] };
		if (c->categories > 0)
			for (int i = 0; i < step - 3; i++)
				node.subset[i] = (guint32)(gint32)(gint64)v[3 + i];
		else
			node.threshold = (float)v[3];
		g_array_append_val(c->nodes, node);
		t.nodes++;
	}
	if (t.nodes == 0) {
		set_problem(ps, "empty internalNodes");
		return;
	}
	g_array_append_val(c->trees, t);
	g_array_index(c->stages, stage, c->stages->len - 1).trees++;
}

static void on_end(GMarkupParseContext *ctx, const char *name, gpointer data,
		   GError **error)
{
	parser *ps = data;
	cascade *c = ps->c;
	const char *text = ps->text->str;
	const char *parent = ancestor(ps, 1);
	double v[8];

	(void)ctx, (void)error;
	if (strcmp(parent, "cascade") == 0) {
		if (strcmp(name, "stageType") == 0) {
			ps->seen_boost = strcmp(g_strstrip(ps->text->str), "BOOST") == 0;
			if (!ps->seen_boost)
				set_problem(ps, "stageType is not BOOST");
		} else if (strcmp(name, "featureType") == 0) {
			char *t = g_strstrip(ps->text->str);
			if (strcmp(t, "HAAR") == 0)
				c->kind = FEAT_HAAR;
			else if (strcmp(t, "LBP") == 0)
				c->kind = FEAT_LBP;
			else
				set_problem(ps, "featureType is neither HAAR nor LBP");
		} else if (strcmp(name, "width") == 0 && numbers_in(text, v, 1)) {
			c->win_w = (int)v[0];
		} else if (strcmp(name, "height") == 0 && numbers_in(text, v, 1)) {
			c->win_h = (int)v[0];
		}
	} else if (strcmp(name, "maxCatCount") == 0 &&
		   strcmp(parent, "featureParams") == 0 && numbers_in(text, v, 1)) {
		c->categories = (int)v[0];
	} else if (strcmp(name, "stageThreshold") == 0 && c->stages->len > 0 &&
		   numbers_in(text, v, 1)) {
		/* OpenCV: stage.threshold = (float)value - THRESHOLD_EPS, with
		 * THRESHOLD_EPS = 1e-5f (CascadeClassifierImpl::Data::read). */
		g_array_index(c->stages, stage, c->stages->len - 1).threshold =
			(float)v[0] - 1e-5f;
	} else if (strcmp(name, "internalNodes") == 0) {
		add_tree(ps, text);
	} else if (strcmp(name, "leafValues") == 0 && c->trees->len > 0) {
		double leaves[64];
		int n = numbers_in(text, leaves, 64);
		tree *t = &g_array_index(c->trees, tree, c->trees->len - 1);
		if (n != t->nodes + 1)
			set_problem(ps, "leafValues do not match internalNodes");
		for (int i = 0; i < n; i++) {
			float f = (float)leaves[i];
			g_array_append_val(c->leaves, f);
		}
	} else if (strcmp(name, "_") == 0 && strcmp(parent, "rects") == 0 &&
		   c->kind == FEAT_HAAR && c->haar->len > 0) {
		haar_feature *f = &g_array_index(c->haar, haar_feature, c->haar->len - 1);
		if (f->n >= 3 || numbers_in(text, v, 5) != 5) {
			set_problem(ps, "bad Haar rectangle");
			return;
		}
		f->r[f->n].x = (int)v[0];
		f->r[f->n].y = (int)v[1];
		f->r[f->n].w = (int)v[2];
		f->r[f->n].h = (int)v[3];
		f->r[f->n].weight = (float)v[4];
		f->n++;
	} else if (strcmp(name, "tilted") == 0 && numbers_in(text, v, 1) &&
		   v[0] != 0) {
		/* None of opencv-data's frontal face cascades uses tilted
		 * (45 degree) features; refusing beats a silent misreading. */
		set_problem(ps, "tilted Haar features are not supported");
	} else if (strcmp(name, "rect") == 0 && c->kind == FEAT_LBP &&
		   strcmp(ancestor(ps, 2), "features") == 0 && c->lbp->len > 0) {
		lbp_feature *f = &g_array_index(c->lbp, lbp_feature, c->lbp->len - 1);
		if (numbers_in(text, v, 4) != 4) {
			set_problem(ps, "bad LBP rectangle");
			return;
		}
		*f = (lbp_feature){ (int)v[0], (int)v[1], (int)v[2], (int)v[3] };
	}
	ps->depth--;
	g_string_truncate(ps->text, 0);
}

static void on_text(GMarkupParseContext *ctx, const char *text, gsize len,
		    gpointer data, GError **error)
{
	parser *ps = data;

	(void)ctx, (void)error;
	g_string_append_len(ps->text, text, (gssize)len);
}

/* Returns NULL when the loaded cascade is consistent, else the reason. */
static const char *check_cascade(cascade *c)
{
	guint nfeatures = c->kind == FEAT_HAAR ? c->haar->len : c->lbp->len;

	if (c->win_w <= 0 || c->win_h <= 0 || c->win_w > 256 || c->win_h > 256)
		return "bad window size";
	if (c->stages->len == 0 || nfeatures == 0)
		return "no stages or no features";
	if ((c->kind == FEAT_LBP) != (c->categories == 256))
		return "LBP needs 256 categories, Haar none";
	if (c->leaves->len != c->nodes->len + c->trees->len)
		return "leaf count does not match the trees";
	c->stumps = true;
	for (guint i = 0; i < c->trees->len; i++) {
		tree *t = &g_array_index(c->trees, tree, i);
		if (t->nodes != 1)
			c->stumps = false;
		for (int k = 0; k < t->nodes; k++) {
			tree_node *n = &g_array_index(c->nodes, tree_node,
						      t->first_node + k);
			if (n->feature < 0 || (guint)n->feature >= nfeatures ||
			    n->left >= t->nodes || n->right >= t->nodes ||
			    -n->left > t->nodes || -n->right > t->nodes)
				return "a node refers outside its tree or features";
		}
	}
	for (guint i = 0; i < nfeatures; i++) {
		int x0, y0, x1, y1;
		if (c->kind == FEAT_HAAR) {
			haar_feature *f = &g_array_index(c->haar, haar_feature, i);
			if (f->n < 2)
				return "a Haar feature with fewer than 2 rectangles";
			for (int k = 0; k < f->n; k++) {
				x0 = f->r[k].x, y0 = f->r[k].y;
				x1 = x0 + f->r[k].w, y1 = y0 + f->r[k].h;
				if (x0 < 0 || y0 < 0 || x1 > c->win_w || y1 > c->win_h ||
				    x1 <= x0 || y1 <= y0)
					return "a Haar rectangle outside the window";
			}
		} else {
			lbp_feature *f = &g_array_index(c->lbp, lbp_feature, i);
			x0 = f->x, y0 = f->y, x1 = x0 + 3 * f->w, y1 = y0 + 3 * f->h;
			if (x0 < 0 || y0 < 0 || x1 > c->win_w || y1 > c->win_h ||
			    f->w <= 0 || f->h <= 0)
				return "an LBP cell outside the window";
		}
	}
	return NULL;
}

idr_status cascade_load(const char *path, cascade **out, idr_error *err)
{
	static const GMarkupParser callbacks = { on_start, on_end, on_text,
						 NULL, NULL };
	cascade *c = g_new0(cascade, 1);
	parser ps = { .c = c, .text = g_string_new(NULL) };
	GMarkupParseContext *ctx = NULL;
	GError *gerr = NULL;
	char *xml = NULL;
	gsize len = 0;
	const char *why;
	idr_status st = IDR_OK;

	*out = NULL;
	c->stages = g_array_new(FALSE, TRUE, sizeof(stage));
	c->trees = g_array_new(FALSE, TRUE, sizeof(tree));
	c->nodes = g_array_new(FALSE, TRUE, sizeof(tree_node));
	c->leaves = g_array_new(FALSE, TRUE, sizeof(float));
	c->haar = g_array_new(FALSE, TRUE, sizeof(haar_feature));
	c->lbp = g_array_new(FALSE, TRUE, sizeof(lbp_feature));
	if (!g_file_get_contents(path, &xml, &len, &gerr)) {
		st = idr_fail(err, IDR_ERR_MODEL, "face cascade %s: %s", path,
			      gerr->message);
		goto out;
	}
	/* featureType comes before features in every opencv-data file; the
	 * feature arrays are chosen by it, so read it first. */
	if (strstr(xml, "<featureType>LBP</featureType>"))
		c->kind = FEAT_LBP;
	ctx = g_markup_parse_context_new(&callbacks, 0, &ps, NULL);
	if (!g_markup_parse_context_parse(ctx, xml, (gssize)len, &gerr) ||
	    !g_markup_parse_context_end_parse(ctx, &gerr)) {
		st = idr_fail(err, IDR_ERR_MODEL, "face cascade %s: %s", path,
			      gerr->message);
		goto out;
	}
	if (!ps.seen_cascade || !ps.seen_boost) {
		st = idr_fail(err, IDR_ERR_MODEL,
			      "face cascade %s: not a new-format OpenCV cascade "
			      "(<cascade> with stageType BOOST)", path);
		goto out;
	}
	if (ps.problem[0] || (why = check_cascade(c)) != NULL) {
		st = idr_fail(err, IDR_ERR_MODEL, "face cascade %s: %s", path,
			      ps.problem[0] ? ps.problem : why);
		goto out;
	}
	*out = c;
	c = NULL;
out:
	if (ctx)
		g_markup_parse_context_free(ctx);
	if (gerr)
		g_error_free(gerr);
	g_string_free(ps.text, TRUE);
	g_free(xml);
	cascade_free(c);
	return st;
}

void cascade_free(cascade *c)
{
	if (!c)
		return;
	g_array_free(c->stages, TRUE);
	g_array_free(c->trees, TRUE);
	g_array_free(c->nodes, TRUE);
	g_array_free(c->leaves, TRUE);
	g_array_free(c->haar, TRUE);
	g_array_free(c->lbp, TRUE);
	g_free(c);
}

int cascade_window_width(const cascade *c) { return c->win_w; }
int cascade_window_height(const cascade *c) { return c->win_h; }

/* ---------------------------------------------------------- evaluation */

/* Feature offsets into an integral image of a given stride, computed once
 * per detection (every pyramid level shares the stride). */
typedef struct haar_opt {
	int ofs[3][4];
	float weight[3];
} haar_opt;

typedef struct lbp_opt {
	int ofs[16];                 /* the 4x4 grid of cell corners */
} lbp_opt;

typedef struct scan {
	const cascade *c;
	int stride;                  /* of the integral images */
	const gint32 *sum;
	const guint32 *sqsum;        /* Haar only; sums wrap modulo 2^32 */
	haar_opt *haar;
	lbp_opt *lbp;
	int norm_ofs[4];             /* Haar: the variance window */
	double norm_area;
	/* Stump cascades (every tree one node), flattened in stage order
	 * with their offsets, for the inner loop. */
	struct haar_stump *haar_stumps;
	struct lbp_stump *lbp_stumps;
} scan;

typedef struct haar_stump {
	haar_opt f;
	float threshold, left, right;
} haar_stump;

typedef struct lbp_stump {
	lbp_opt f;
	guint32 subset[8];
	float left, right;
} lbp_stump;

/* OpenCV's cvRound: round to nearest, ties to even. */
static int round_half_even(double v)
{
	return (int)lrint(v);
}

/* Sets o[0..3] to the corners of rectangle (x, y, w, h). */
static void rect_offsets(int o[4], int x, int y, int w, int h, int stride)
{
	o[0] = y * stride + x;
	o[1] = y * stride + x + w;
	o[2] = (y + h) * stride + x;
	o[3] = (y + h) * stride + x + w;
}

#define RECT_SUM(p, o) ((p)[(o)[0]] - (p)[(o)[1]] - (p)[(o)[2]] + (p)[(o)[3]])

/* Returns the value of Haar feature fi at window p, normalised. */
static inline float haar_value(const scan *s, int fi, const gint32 *p, float norm)
{
	const haar_opt *f = &s->haar[fi];
	/* OpenCV: the weighted sum is formed in float, then multiplied by the
	 * window's variance normalisation factor (a float). */
	float v = f->weight[0] * (float)RECT_SUM(p, f->ofs[0]) +
		  f->weight[1] * (float)RECT_SUM(p, f->ofs[1]);
	if (f->weight[2] != 0.0f)
		v += f->weight[2] * (float)RECT_SUM(p, f->ofs[2]);
	return v * norm;
}

/* Returns the 8-bit LBP code of feature fi at window p. */
static inline int lbp_code(const scan *s, int fi, const gint32 *p)
{
	const int *o = s->lbp[fi].ofs;
	/* OpenCV (LBPEvaluator::OptFeature::calc): each of the 8 outer cells
	 * of the 3x3 grid is compared with the centre, clockwise from the
	 * top-left cell, which gives the highest bit. */
	int centre = p[o[5]] - p[o[6]] - p[o[9]] + p[o[10]];
#define CELL(a, b, c, d) (p[o[a]] - p[o[b]] - p[o[c]] + p[o[d]] >= centre)
	return (CELL(0, 1, 4, 5) << 7) | (CELL(1, 2, 5, 6) << 6) |
	       (CELL(2, 3, 6, 7) << 5) | (CELL(6, 7, 10, 11) << 4) |
	       (CELL(10, 11, 14, 15) << 3) | (CELL(9, 10, 13, 14) << 2) |
	       (CELL(8, 9, 12, 13) << 1) | CELL(4, 5, 8, 9);
#undef CELL
}

/* Returns 1 when the window at offset pos passes every stage, -k when it
 * fails stage k (0 for the first), -1 when it is rejected before. */
static int run_window(const scan *s, int pos)
{
	const cascade *c = s->c;
	const gint32 *p = s->sum + pos;
	const stage *stages = (const stage *)c->stages->data;
	const tree *trees = (const tree *)c->trees->data;
	const tree_node *nodes = (const tree_node *)c->nodes->data;
	const float *leaves = (const float *)c->leaves->data;
	float norm = 1.0f;

	if (c->kind == FEAT_HAAR) {
		/* OpenCV (HaarEvaluator::setWindow): variance over the window
		 * less a one-pixel border; windows whose standard deviation
		 * is 10 grey levels or less are rejected outright. */
		const guint32 *q = s->sqsum + pos;
		int vsum = RECT_SUM(p, s->norm_ofs);
		guint32 vsq = q[s->norm_ofs[0]] - q[s->norm_ofs[1]] -
			      q[s->norm_ofs[2]] + q[s->norm_ofs[3]];
		double nf = s->norm_area * vsq - (double)vsum * vsum;
		if (nf <= 0.)
			return -1;
		norm = (float)(1. / sqrt(nf));
		if (!(s->norm_area * norm < 1e-1))
			return -1;
	}
	if (s->haar_stumps) {
		const haar_stump *hs = s->haar_stumps;
		for (guint si = 0; si < c->stages->len; si++) {
			double sum = 0;
			for (int k = 0; k < stages[si].trees; k++, hs++) {
				const haar_opt *f = &hs->f;
				float v = f->weight[0] * (float)RECT_SUM(p, f->ofs[0]) +
					  f->weight[1] * (float)RECT_SUM(p, f->ofs[1]);
				if (f->weight[2] != 0.0f)
					v += f->weight[2] * (float)RECT_SUM(p, f->ofs[2]);
				sum += v * norm < hs->threshold ? hs->left : hs->right;
			}
			if (sum < stages[si].threshold)
				return -(int)si;
		}
		return 1;
	}
	if (s->lbp_stumps) {
		const lbp_stump *ls = s->lbp_stumps;
		for (guint si = 0; si < c->stages->len; si++) {
			double sum = 0;
			for (int k = 0; k < stages[si].trees; k++, ls++) {
				const int *o = ls->f.ofs;
				int centre = p[o[5]] - p[o[6]] - p[o[9]] + p[o[10]];
#define CELL(a, b, c, d) (p[o[a]] - p[o[b]] - p[o[c]] + p[o[d]] >= centre)
				int code = (CELL(0, 1, 4, 5) << 7) | (CELL(1, 2, 5, 6) << 6) |
					   (CELL(2, 3, 6, 7) << 5) | (CELL(6, 7, 10, 11) << 4) |
					   (CELL(10, 11, 14, 15) << 3) | (CELL(9, 10, 13, 14) << 2) |
					   (CELL(8, 9, 12, 13) << 1) | CELL(4, 5, 8, 9);
#undef CELL
				sum += (ls->subset[code >> 5] >> (code & 31)) & 1 ?
				       ls->left : ls->right;
			}
			if (sum < stages[si].threshold)
				return -(int)si;
		}
		return 1;
	}
	for (guint si = 0; si < c->stages->len; si++) {
		const stage *st = &stages[si];
		double sum = 0;
		for (int ti = st->first_tree; ti < st->first_tree + st->trees; ti++) {
			const tree *t = &trees[ti];
			int idx = 0;
			do {
				const tree_node *n = &nodes[t->first_node + idx];
				bool left;
				if (c->kind == FEAT_HAAR) {
					left = haar_value(s, n->feature, p, norm) < n->threshold;
				} else {
					int code = lbp_code(s, n->feature, p);
					left = (n->subset[code >> 5] >> (code & 31)) & 1;
				}
				idx = left ? n->left : n->right;
			} while (idx > 0);
			sum += leaves[t->first_leaf - idx];
		}
		if (sum < st->threshold)
			return -(int)si;
	}
	return 1;
}

/* OpenCV 4.6 builds the cascade's pyramid with resize(...,
 * INTER_LINEAR_EXACT) (cascadedetect.cpp, FeatureEvaluator::setImage),
 * whose 8-bit kernel is bit-exact fixed point (imgproc/src/resize.cpp,
 * resize_bitExact with interpolationLinear): pixel centres aligned, the
 * source position scale * (d + 0.5) - 0.5 in double with scale = 1 /
 * (dst / src), weights with 8 fraction bits rounded to nearest, a
 * horizontal pass into 8.8 values, a vertical pass into 16.16 values
 * rounded to nearest, and positions before the first or past the last
 * source pixel taking that pixel whole. INTER_LINEAR (11-bit weights)
 * differs by one grey level on some pixels, enough to change which
 * windows pass on lines of text (tests/check_faces.c compares raw
 * windows with OpenCV's). */

/* The source pixel *ofs and its weight *w0 (of 256; the next pixel has
 * the rest) for position d of dn along an axis of sn pixels. A position
 * before the first or past the last source pixel takes that pixel whole
 * (weight 256), which never reads the pixel after it. */
static void exact_pos(int sn, int dn, int d, int *ofs, int *w0)
{
	/* OpenCV: scale = 1 / inv_scale, inv_scale = dst / src. */
	double scale = 1.0 / ((double)dn / sn);
	double f = scale * ((double)d + 0.5) - 0.5;
	int i = (int)floor(f);

	*ofs = 0, *w0 = 256;
	if (i >= 0 && sn > 1) {
		if (i >= sn - 1) {
			*ofs = sn - 1;
		} else {
			*ofs = i;
			*w0 = 256 - (int)lrint((f - i) * 256);
		}
	}
}

/* The horizontal pass of source row s into d (8.8 fixed point); a
 * weight of 256 takes the pixel whole. */
static void exact_row(const guint8 *s, int dw, const int *ofs,
		      const short *w0, int *d)
{
	for (int x = 0; x < dw; x++)
		d[x] = w0[x] == 256 ? s[ofs[x]] << 8 :
		       s[ofs[x]] * w0[x] + s[ofs[x] + 1] * (256 - w0[x]);
}

/* Resizes src (sw x sh) to dst (dw x dh, packed) as OpenCV's resize with
 * INTER_LINEAR_EXACT does for 8-bit images (above). An exact halving is
 * done as INTER_AREA, as OpenCV does (the two agree there). Scratch: xofs
 * and rows dw and 2 * dw ints, alpha dw shorts. */
static void resize_linear(const guint8 *src, int sw, int sh, int sstride,
			  guint8 *dst, int dw, int dh, int *xofs, short *alpha,
			  int *rows)
{
	int *buf[2] = { rows, rows + dw };
	int tag[2] = { -1, -1 };

	if (sw == 2 * dw && sh == 2 * dh) {
		for (int y = 0; y < dh; y++) {
			const guint8 *a = src + (size_t)2 * y * sstride, *b = a + sstride;
			for (int x = 0; x < dw; x++)
				dst[(size_t)y * dw + x] = (guint8)((a[2 * x] + a[2 * x + 1] +
					b[2 * x] + b[2 * x + 1] + 2) >> 2);
		}
		return;
	}
	for (int dx = 0; dx < dw; dx++) {
		int w0;
		exact_pos(sw, dw, dx, &xofs[dx], &w0);
		alpha[dx] = (short)w0;
	}
	for (int dy = 0; dy < dh; dy++) {
		int sy, w0;
		exact_pos(sh, dh, dy, &sy, &w0);
		int want[2] = { sy, w0 < 256 ? sy + 1 : sy };
		int *row[2] = { NULL, NULL };
		for (int k = 0; k < 2; k++) {
			int hit = tag[0] == want[k] ? 0 : tag[1] == want[k] ? 1 : -1;
			if (hit < 0) {
				/* Overwrite the buffer the other row does not use. */
				hit = k == 1 ? (row[0] == buf[0] ? 1 : 0) :
				      (tag[0] == want[1] ? 1 : 0);
				exact_row(src + (size_t)want[k] * sstride, dw, xofs,
					  alpha, buf[hit]);
				tag[hit] = want[k];
			}
			row[k] = buf[hit];
		}
		/* 8.8 times 8.8 weights: 16.16, rounded (OpenCV: vlineResize
		 * and ufixedpoint32's conversion to uint8; with weight 256
		 * this is vlineSet's rounding of the one row). */
		guint8 *d = dst + (size_t)dy * dw;
		for (int dx = 0; dx < dw; dx++) {
			guint32 v = (guint32)row[0][dx] * (guint32)w0 +
				    (guint32)row[1][dx] * (guint32)(256 - w0);
			d[dx] = (guint8)MIN(255u, (v + (1u << 15)) >> 16);
		}
	}
}

/* Fills the integral images (w+1) x (h+1) of img (w x h, packed) with
 * the given stride; sqsum may be NULL. */
static void integrate(const guint8 *img, int w, int h, gint32 *sum,
		      guint32 *sqsum, int stride)
{
	memset(sum, 0, sizeof *sum * (size_t)(w + 1));
	if (sqsum)
		memset(sqsum, 0, sizeof *sqsum * (size_t)(w + 1));
	for (int y = 0; y < h; y++) {
		const guint8 *row = img + (size_t)y * w;
		gint32 *s = sum + (size_t)(y + 1) * stride, *sa = s - stride;
		gint32 acc = 0;
		s[0] = 0;
		for (int x = 0; x < w; x++) {
			acc += row[x];
			s[x + 1] = sa[x + 1] + acc;
		}
		if (!sqsum)
			continue;
		guint32 *q = sqsum + (size_t)(y + 1) * stride, *qa = q - stride;
		guint32 qacc = 0;
		q[0] = 0;
		for (int x = 0; x < w; x++) {
			qacc += (guint32)row[x] * row[x];
			q[x + 1] = qa[x + 1] + qacc;
		}
	}
}

idr_status cascade_detect(const cascade *c, const guint8 *grey, int width,
			  int height, int stride, const cascade_params *p,
			  GArray *found, GArray *neighbours, idr_error *err)
{
	GArray *scales = g_array_new(FALSE, FALSE, sizeof(float));
	GArray *raw = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	GArray *weights = g_array_new(FALSE, FALSE, sizeof(int));
	scan s = { .c = c };
	guint8 *level = NULL;
	int *xofs = NULL, *rows = NULL;
	short *alpha = NULL;
	gint32 *sum = NULL;
	guint32 *sqsum = NULL;
	int max_w = p->max_w > 0 ? p->max_w : width;
	int max_h = p->max_h > 0 ? p->max_h : height;

	(void)err;
	if (width <= 0 || height <= 0 || p->scale_factor <= 1.0)
		goto out;
	/* OpenCV (detectMultiScaleNoGrouping): factors 1, f, f^2, ... while
	 * the rounded window fits the image and maxSize; those below minSize
	 * are skipped. Factors are kept as float, as OpenCV does. */
	for (double factor = 1;; factor *= p->scale_factor) {
		int ww = round_half_even(c->win_w * factor);
		int wh = round_half_even(c->win_h * factor);
		if (ww > max_w || wh > max_h || ww > width || wh > height)
			break;
		if (ww < p->min_w || wh < p->min_h)
			continue;
		float f = (float)factor;
		g_array_append_val(scales, f);
	}
	if (scales->len == 0)
		goto out;
	float f0 = g_array_index(scales, float, 0);
	int w0 = (int)lrintf((float)width / f0), h0 = (int)lrintf((float)height / f0);
	s.stride = w0 + 1;
	level = g_malloc((size_t)w0 * h0);
	xofs = g_new(int, w0);
	alpha = g_new(short, (size_t)w0);
	rows = g_new(int, 2 * (size_t)w0);
	sum = g_new(gint32, (size_t)(w0 + 1) * (h0 + 1));
	if (c->kind == FEAT_HAAR)
		sqsum = g_new(guint32, (size_t)(w0 + 1) * (h0 + 1));
	s.sum = sum;
	s.sqsum = sqsum;
	if (c->kind == FEAT_HAAR) {
		s.haar = g_new0(haar_opt, c->haar->len);
		for (guint i = 0; i < c->haar->len; i++) {
			const haar_feature *f = &g_array_index(c->haar, haar_feature, i);
			for (int k = 0; k < f->n; k++) {
				rect_offsets(s.haar[i].ofs[k], f->r[k].x, f->r[k].y,
					     f->r[k].w, f->r[k].h, s.stride);
				s.haar[i].weight[k] = f->r[k].weight;
			}
			if (f->n < 3)
				rect_offsets(s.haar[i].ofs[2], 0, 0, 0, 0, s.stride);
		}
		/* OpenCV: normrect = (1, 1, width - 2, height - 2). */
		rect_offsets(s.norm_ofs, 1, 1, c->win_w - 2, c->win_h - 2, s.stride);
		s.norm_area = (double)(c->win_w - 2) * (c->win_h - 2);
	} else {
		s.lbp = g_new0(lbp_opt, c->lbp->len);
		for (guint i = 0; i < c->lbp->len; i++) {
			const lbp_feature *f = &g_array_index(c->lbp, lbp_feature, i);
			for (int r = 0; r < 4; r++)
				for (int q = 0; q < 4; q++)
					s.lbp[i].ofs[r * 4 + q] =
						(f->y + r * f->h) * s.stride + f->x + q * f->w;
		}
	}
	if (c->stumps) {
		guint n = c->trees->len;
		const tree *trees = (const tree *)c->trees->data;
		const tree_node *nodes = (const tree_node *)c->nodes->data;
		const float *leaves = (const float *)c->leaves->data;
		if (c->kind == FEAT_HAAR)
			s.haar_stumps = g_new(haar_stump, n);
		else
			s.lbp_stumps = g_new(lbp_stump, n);
		for (guint i = 0; i < n; i++) {
			const tree_node *nd = &nodes[trees[i].first_node];
			/* A stump's left child is leaf 0, its right leaf 1
			 * (left = 0, right = -1 in the XML). */
			float l = leaves[trees[i].first_leaf - MIN(nd->left, 0)];
			float r = leaves[trees[i].first_leaf - MIN(nd->right, 0)];
			if (s.haar_stumps)
				s.haar_stumps[i] = (haar_stump){ s.haar[nd->feature],
								 nd->threshold, l, r };
			else {
				s.lbp_stumps[i].f = s.lbp[nd->feature];
				memcpy(s.lbp_stumps[i].subset, nd->subset, sizeof nd->subset);
				s.lbp_stumps[i].left = l;
				s.lbp_stumps[i].right = r;
			}
		}
	}
	for (guint k = 0; k < scales->len; k++) {
		float factor = g_array_index(scales, float, k);
		/* OpenCV (FeatureEvaluator::updateScaleData): level size
		 * rounded from a float division; step 1 from factor 2 up. */
		int lw = (int)lrintf((float)width / factor);
		int lh = (int)lrintf((float)height / factor);
		int step = factor >= 2 ? 1 : 2;
		int ww = (int)lrintf((float)c->win_w * factor);
		int wh = (int)lrintf((float)c->win_h * factor);
		if (lw < c->win_w || lh < c->win_h || lw > w0 || lh > h0)
			continue;
		if (lw == width && lh == height) {
			for (int y = 0; y < lh; y++)
				memcpy(level + (size_t)y * lw, grey + (size_t)y * stride,
				       (size_t)lw);
		} else {
			resize_linear(grey, width, height, stride, level, lw, lh,
				      xofs, alpha, rows);
		}
		integrate(level, lw, lh, sum, sqsum, s.stride);
		/* OpenCV (CascadeClassifierInvoker): x, y from 0 while the
		 * window plus one fits the integral image; a window failing
		 * the first stage also skips the next position. */
		for (int y = 0; y < lh + 1 - c->win_h; y += step) {
			for (int x = 0; x < lw + 1 - c->win_w; x += step) {
				int r = run_window(&s, y * s.stride + x);
				if (r > 0) {
					idr_rect box = { (int)lrintf((float)x * factor),
							 (int)lrintf((float)y * factor),
							 ww, wh };
					g_array_append_val(raw, box);
				}
				if (r == 0)
					x += step;
			}
		}
	}
	cascade_group(raw, p->min_neighbors, 0.2, weights);
	/* OpenCV (CascadeClassifier::detectMultiScale, clipObjects): boxes
	 * are clipped to the image, empty ones dropped. */
	for (guint i = 0; i < raw->len; i++) {
		idr_rect r = g_array_index(raw, idr_rect, i);
		int x0 = MAX(r.x, 0), y0 = MAX(r.y, 0);
		int x1 = MIN(r.x + r.w, width), y1 = MIN(r.y + r.h, height);
		if (x1 <= x0 || y1 <= y0)
			continue;
		idr_rect clip = { x0, y0, x1 - x0, y1 - y0 };
		g_array_append_val(found, clip);
		if (neighbours)
			g_array_append_val(neighbours,
					   g_array_index(weights, int, i));
	}
out:
	g_array_free(scales, TRUE);
	g_array_free(raw, TRUE);
	g_array_free(weights, TRUE);
	g_free(level);
	g_free(xofs);
	g_free(alpha);
	g_free(rows);
	g_free(sum);
	g_free(sqsum);
	g_free(s.haar);
	g_free(s.lbp);
	g_free(s.haar_stumps);
	g_free(s.lbp_stumps);
	return IDR_OK;
}

/* ------------------------------------------------------------ grouping */

/* OpenCV (SimilarRects): two boxes are alike when every edge moves by at
 * most eps times the mean of their smaller width and smaller height. */
static bool similar(idr_rect a, idr_rect b, double eps)
{
	double delta = eps * (MIN(a.w, b.w) + MIN(a.h, b.h)) * 0.5;
	return abs(a.x - b.x) <= delta && abs(a.y - b.y) <= delta &&
	       abs(a.x + a.w - b.x - b.w) <= delta &&
	       abs(a.y + a.h - b.y - b.h) <= delta;
}

static int find_root(int *parent, int i)
{
	while (parent[i] >= 0)
		i = parent[i];
	return i;
}

void cascade_group(GArray *rects, int threshold, double eps, GArray *weights)
{
	int n = (int)rects->len;
	idr_rect *r = (idr_rect *)rects->data;

	if (weights)
		g_array_set_size(weights, 0);
	/* OpenCV (groupRectangles): no grouping at all for threshold <= 0. */
	if (threshold <= 0 || n == 0) {
		for (int i = 0; weights && i < n; i++) {
			int one = 1;
			g_array_append_val(weights, one);
		}
		return;
	}
	int *parent = g_new(int, n), *label = g_new(int, n);
	int *cls_of_root = g_new(int, n);
	int nclasses = 0;
	/* Equivalence classes of the transitive closure of similar(). */
	for (int i = 0; i < n; i++)
		parent[i] = -1;
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (similar(r[i], r[j], eps)) {
				int a = find_root(parent, i), b = find_root(parent, j);
				if (a != b)
					parent[b] = a;
			}
	for (int i = 0; i < n; i++)
		cls_of_root[i] = -1;
	for (int i = 0; i < n; i++) {
		int root = find_root(parent, i);
		if (cls_of_root[root] < 0)
			cls_of_root[root] = nclasses++;
		label[i] = cls_of_root[root];
	}
	gint64 *acc = g_new0(gint64, 4 * (size_t)nclasses);
	int *count = g_new0(int, nclasses);
	idr_rect *mean = g_new(idr_rect, nclasses);
	for (int i = 0; i < n; i++) {
		acc[4 * label[i] + 0] += r[i].x;
		acc[4 * label[i] + 1] += r[i].y;
		acc[4 * label[i] + 2] += r[i].w;
		acc[4 * label[i] + 3] += r[i].h;
		count[label[i]]++;
	}
	/* OpenCV: the mean box is sum * (1.f / n), rounded (float). */
	for (int k = 0; k < nclasses; k++) {
		float s = 1.f / (float)count[k];
		mean[k] = (idr_rect){ (int)lrintf((float)acc[4 * k + 0] * s),
				      (int)lrintf((float)acc[4 * k + 1] * s),
				      (int)lrintf((float)acc[4 * k + 2] * s),
				      (int)lrintf((float)acc[4 * k + 3] * s) };
	}
	g_array_set_size(rects, 0);
	for (int i = 0; i < nclasses; i++) {
		int n1 = count[i], j;
		idr_rect r1 = mean[i];
		/* OpenCV: a group needs more than threshold members... */
		if (n1 <= threshold)
			continue;
		/* ...and is dropped when it lies inside a stronger group. */
		for (j = 0; j < nclasses; j++) {
			int n2 = count[j];
			if (j == i || n2 <= threshold)
				continue;
			idr_rect r2 = mean[j];
			int dx = (int)lrint(r2.w * eps), dy = (int)lrint(r2.h * eps);
			if (r1.x >= r2.x - dx && r1.y >= r2.y - dy &&
			    r1.x + r1.w <= r2.x + r2.w + dx &&
			    r1.y + r1.h <= r2.y + r2.h + dy &&
			    (n2 > MAX(3, n1) || n1 < 3))
				break;
		}
		if (j == nclasses) {
			g_array_append_val(rects, r1);
			if (weights)
				g_array_append_val(weights, n1);
		}
	}
	g_free(parent);
	g_free(label);
	g_free(cls_of_root);
	g_free(acc);
	g_free(count);
	g_free(mean);
}
