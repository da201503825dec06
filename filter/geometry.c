/* geometry.c — affine maps between an image and the copies of it the
 * stages read (scaled, levelled, turned), and levelling itself: turning
 * an image by a few degrees so its text lines run level. A box found on
 * a copy goes back as the bounding box of its mapped corners: on a
 * levelled copy a little larger than the thing, never smaller.
 */
#include <math.h>

#include "internal.h"

affine affine_compose(affine o, affine i)
{
	return (affine){
		o.a * i.a + o.b * i.d, o.a * i.b + o.b * i.e, o.a * i.c + o.b * i.f + o.c,
		o.d * i.a + o.e * i.d, o.d * i.b + o.e * i.e, o.d * i.c + o.e * i.f + o.f,
	};
}

affine affine_invert(affine m)
{
	double det = m.a * m.e - m.b * m.d;

	/* Views are built from turns and positive scales: never singular. */
	g_assert(fabs(det) > 1e-12);
	return (affine){
		m.e / det, -m.b / det, (m.b * m.f - m.e * m.c) / det,
		-m.d / det, m.a / det, (m.d * m.c - m.a * m.f) / det,
	};
}

void affine_apply(affine m, double x, double y, double *ox, double *oy)
{
	*ox = m.a * x + m.b * y + m.c;
	*oy = m.d * x + m.e * y + m.f;
}

idr_rect affine_rect(affine m, idr_rect r)
{
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE;
	double x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

	for (int k = 0; k < 4; k++) {
		double x, y;
		affine_apply(m, r.x + (k & 1 ? r.w : 0), r.y + (k & 2 ? r.h : 0),
			     &x, &y);
		x0 = MIN(x0, x);
		y0 = MIN(y0, y);
		x1 = MAX(x1, x);
		y1 = MAX(y1, y);
	}
	int left = (int)floor(x0), top = (int)floor(y0);
	return (idr_rect){ left, top, (int)ceil(x1) - left, (int)ceil(y1) - top };
}

idr_status image_level(VipsImage *in, double skew, double scale,
		       VipsImage **out, affine *to_in, idr_error *err)
{
	/* Turn by -skew: [cos s, sin s; -sin s, cos s] (y down), scaled,
	 * into an output just holding the turned corners. */
	double r = skew * G_PI / 180, c = scale * cos(r), s = scale * sin(r);
	affine fwd = { c, s, 0, -s, c, 0 };
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE;
	double x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
	VipsInterpolate *bicubic = vips_interpolate_new("bicubic");
	double white[4] = { 255, 255, 255, 255 };
	VipsArrayDouble *bg = vips_array_double_new(white, MIN(4, in->Bands));
	VipsImage *t = NULL;
	idr_status st = IDR_OK;

	*out = NULL;
	for (int k = 0; k < 4; k++) {
		double x, y;
		affine_apply(fwd, k & 1 ? in->Xsize : 0, k & 2 ? in->Ysize : 0,
			     &x, &y);
		x0 = MIN(x0, x);
		y0 = MIN(y0, y);
		x1 = MAX(x1, x);
		y1 = MAX(y1, y);
	}
	fwd.c = -x0;
	fwd.f = -y0;
	VipsArrayInt *area = vips_array_int_newv(4, 0, 0, (int)ceil(x1 - x0),
						 (int)ceil(y1 - y0));
	/* vips_affine(): X = a x + b y + odx, Y = c x + d y + ody (libvips
	 * resample/affine.c), oarea the output rectangle; white outside,
	 * as paper (a dark wedge would be read as ink). */
	if (vips_affine(in, &t, fwd.a, fwd.b, fwd.d, fwd.e, "odx", fwd.c,
			"ody", fwd.f, "oarea", area, "background", bg,
			"interpolate", bicubic, NULL) ||
	    !(*out = vips_image_copy_memory(t)))
		st = idr_fail(err, IDR_ERR_INTERNAL, "level: %s",
			      vips_error_buffer());
	else
		*to_in = affine_invert(fwd);
	vips_error_clear();
	vips_area_unref(VIPS_AREA(area));
	vips_area_unref(VIPS_AREA(bg));
	IDR_UNREF(t);
	IDR_UNREF(bicubic);
	return st;
}

idr_rect affine_line_box(affine m, const text_line *l, double along,
			 double across)
{
	double c = cos(l->angle * G_PI / 180), sn = sin(l->angle * G_PI / 180);
	double hu = l->length / 2 + along, hv = l->thickness / 2 + across;
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE;
	double x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

	for (int k = 0; k < 4; k++) {
		double u = k & 1 ? hu : -hu, v = k & 2 ? hv : -hv, x, y;
		affine_apply(m, l->cx + u * c - v * sn, l->cy + u * sn + v * c,
			     &x, &y);
		x0 = MIN(x0, x);
		y0 = MIN(y0, y);
		x1 = MAX(x1, x);
		y1 = MAX(y1, y);
	}
	return (idr_rect){ (int)floor(x0), (int)floor(y0), (int)ceil(x1 - x0),
			   (int)ceil(y1 - y0) };
}
