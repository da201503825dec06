/* util.c — small pieces every stage uses: error filling, box arithmetic,
 * grey levels and dark extents in a box, finding lists, a directory's
 * fsync, and the status strings of the public API. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Returns status, after recording it and the formatted reason in err. */
idr_status idr_fail(idr_error *err, idr_status status, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err->status = status;
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return status;
}

/* Indexed by idr_status; keep in the enum's order. */
static const char *const status_text[] = {
	[IDR_OK] = "success",
	[IDR_ERR_USAGE] = "invalid argument",
	[IDR_ERR_DATA] = "input is not a decodable image",
	[IDR_ERR_LIMIT] = "input exceeds a limit",
	[IDR_ERR_NOINPUT] = "input cannot be read",
	[IDR_ERR_MODEL] = "a model is missing",
	[IDR_ERR_INTERNAL] = "internal error",
	[IDR_ERR_CANTCREATE] = "cannot create output",
	[IDR_ERR_IO] = "input/output error",
	[IDR_ERR_NOMEM] = "out of memory",
	[IDR_ERR_CRYPTO] = "bad key or failed decryption",
	[IDR_ERR_NO_ID] = "no identifier found",
	[IDR_ERR_TIMEOUT] = "time limit exceeded",
	[IDR_ERR_CANCELLED] = "cancelled",
};

/* Returns a static message for status. */
IDR_API const char *idr_strerror(idr_status status)
{
	if ((unsigned)status < G_N_ELEMENTS(status_text) && status_text[status])
		return status_text[status];
	return "unknown error";
}

/* Returns the library's version string. */
IDR_API const char *idr_version(void)
{
	return IDR_VERSION_STRING;
}

/* Returns the smallest box holding both a and b (an empty box is ignored). */
idr_rect rect_union(idr_rect a, idr_rect b)
{
	if (a.w <= 0 || a.h <= 0)
		return b;
	if (b.w <= 0 || b.h <= 0)
		return a;
	int x0 = MIN(a.x, b.x), y0 = MIN(a.y, b.y);
	int x1 = MAX(a.x + a.w, b.x + b.w), y1 = MAX(a.y + a.h, b.y + b.h);
	return (idr_rect){ x0, y0, x1 - x0, y1 - y0 };
}

idr_rect rect_intersect(idr_rect a, idr_rect b)
{
	int x0 = MAX(a.x, b.x), y0 = MAX(a.y, b.y);
	int x1 = MIN(a.x + a.w, b.x + b.w), y1 = MIN(a.y + a.h, b.y + b.h);
	return x1 > x0 && y1 > y0 ? (idr_rect){ x0, y0, x1 - x0, y1 - y0 } :
				    (idr_rect){ 0, 0, 0, 0 };
}

bool rect_centre_in(idr_rect a, idr_rect b)
{
	int cx = a.x + a.w / 2, cy = a.y + a.h / 2;
	return cx >= b.x && cx < b.x + b.w && cy >= b.y && cy < b.y + b.h;
}

void grey_levels(VipsImage *grey, idr_rect box, double lo_share,
		 double hi_share, int *lo, int *hi)
{
	long hist[256] = { 0 }, total = (long)box.w * box.h, seen = 0;

	*lo = *hi = -1;
	for (int y = box.y; y < box.y + box.h; y++) {
		const unsigned char *row = VIPS_IMAGE_ADDR(grey, 0, y);
		for (int x = box.x; x < box.x + box.w; x++)
			hist[row[x]]++;
	}
	for (int v = 0; v < 256; v++) {
		seen += hist[v];
		if (*lo < 0 && seen >= lo_share * total)
			*lo = v;
		if (*hi < 0 && seen >= hi_share * total)
			*hi = v;
	}
}

idr_rect dark_extent(VipsImage *grey, idr_rect box, int below)
{
	int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

	for (int y = box.y; y < box.y + box.h; y++) {
		const unsigned char *row = VIPS_IMAGE_ADDR(grey, 0, y);
		for (int x = box.x; x < box.x + box.w; x++)
			if (row[x] < below) {
				x0 = MIN(x0, x);
				x1 = MAX(x1, x);
				y0 = MIN(y0, y);
				y1 = MAX(y1, y);
			}
	}
	return x1 < 0 ? (idr_rect){ 0, 0, 0, 0 } :
			(idr_rect){ x0, y0, x1 + 1 - x0, y1 + 1 - y0 };
}

/* Returns r grown by pad on each side, clipped to the image. */
idr_rect rect_pad_clip(idr_rect r, int pad, int width, int height)
{
	int x0 = MAX(0, r.x - pad), y0 = MAX(0, r.y - pad);
	int x1 = MIN(width, r.x + r.w + pad), y1 = MIN(height, r.y + r.h + pad);
	if (x1 <= x0 || y1 <= y0)
		return (idr_rect){ 0, 0, 0, 0 };
	return (idr_rect){ x0, y0, x1 - x0, y1 - y0 };
}

/* Returns r, found on the image turned clockwise by angle, in the
 * unturned image of width x height. */
idr_rect rect_unrotate(idr_rect r, int angle, int width, int height)
{
	switch (angle) {
	case 90: /* turned (x,y) = (H-1-y, x) */
		return (idr_rect){ r.y, height - r.x - r.w, r.h, r.w };
	case 180:
		return (idr_rect){ width - r.x - r.w, height - r.y - r.h, r.w, r.h };
	case 270: /* turned (x,y) = (y, W-1-x) */
		return (idr_rect){ width - r.y - r.h, r.x, r.h, r.w };
	default:
		return r;
	}
}

/* Returns r with every coordinate multiplied by s, rounded outwards. */
idr_rect rect_scale(idr_rect r, double s)
{
	int x0 = (int)(r.x * s), y0 = (int)(r.y * s);
	int x1 = (int)((r.x + r.w) * s + 0.999), y1 = (int)((r.y + r.h) * s + 0.999);
	return (idr_rect){ x0, y0, x1 - x0, y1 - y0 };
}

/* Returns an empty GArray of finding. */
GArray *findings_new(void)
{
	return g_array_new(FALSE, TRUE, sizeof(finding));
}

/* Frees memory handed out by the library. */
IDR_API void idr_free(void *p)
{
	g_free(p);
}

/* Returns true for the kinds codes_find() reports. */
bool kind_is_code(const char *kind)
{
	static const char *const codes[] = { "qr", "barcode", "pdf417",
					     "datamatrix", "aztec" };

	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
		if (strcmp(kind, codes[i]) == 0)
			return true;
	return false;
}

int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}
