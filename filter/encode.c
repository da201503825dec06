/* encode.c — the last stage: the masked image to bytes with no metadata.
 *
 * "strip" (libvips 8.14 savers) drops EXIF (which can carry an unmasked
 * thumbnail and GPS), XMP, IPTC, ICC and comments. As a second line we
 * also copy the image and remove every metadata field from the copy
 * before saving, so a saver that ignores "strip" has nothing to write.
 * Only one page/frame is ever written: decode read only the first.
 *
 * WebP goes through libwebp's simple encoder instead of vips_webpsave:
 * libvips 8.14's WebP saver rebuilds and writes a small EXIF block even
 * with "strip" (seen in tests/check_decode.c), and WebPEncodeRGB[A]
 * writes a bare VP8 bitstream with no metadata chunk at all.
 */
#include <string.h>

#include <webp/encode.h>

#include "internal.h"

/* Returns 0 with *out a g_malloc'ed lossy WebP of img (quality 90). */
static int webp_encode(VipsImage *img, void **out, size_t *size)
{
	VipsImage *rgb = NULL, *mem = NULL;
	uint8_t *webp = NULL;
	size_t len = 0;
	int ret = -1;

	/* libwebp takes 8-bit RGB or RGBA. */
	if (vips_colourspace(img, &rgb, VIPS_INTERPRETATION_sRGB, NULL) ||
	    !(mem = vips_image_copy_memory(rgb)))
		goto out;
	const uint8_t *px = VIPS_IMAGE_ADDR(mem, 0, 0);
	int stride = VIPS_IMAGE_SIZEOF_LINE(mem);
	len = mem->Bands == 4
		? WebPEncodeRGBA(px, mem->Xsize, mem->Ysize, stride, 90, &webp)
		: WebPEncodeRGB(px, mem->Xsize, mem->Ysize, stride, 90, &webp);
	if (len == 0) {
		vips_error("idredact", "WebP encoding failed");
		goto out;
	}
	*out = g_memdup2(webp, len);
	*size = len;
	ret = 0;
out:
	WebPFree(webp);
	IDR_UNREF(mem);
	IDR_UNREF(rgb);
	return ret;
}

/* Returns a copy of in without any metadata field, or NULL. */
static VipsImage *without_metadata(VipsImage *in)
{
	VipsImage *copy;
	gchar **fields;

	if (vips_copy(in, &copy, NULL))
		return NULL;
	fields = vips_image_get_fields(copy);
	for (int i = 0; fields[i]; i++)
		vips_image_remove(copy, fields[i]);
	g_strfreev(fields);
	return copy;
}

/* Returns in flattened onto white when it has alpha (JPEG has none). */
static int drop_alpha(VipsImage *in, VipsImage **out)
{
	if (!vips_image_hasalpha(in)) {
		g_object_ref(in);
		*out = in;
		return 0;
	}
	double white[] = { 255, 255, 255 };
	return vips_flatten(in, out, "background",
			    vips_array_double_new(white, 3), NULL);
}

idr_status encode_image(VipsImage *img, const char *format, void **out,
			size_t *size, idr_error *err)
{
	VipsImage *bare = NULL, *flat = NULL;
	idr_status st = IDR_OK;
	int r;

	*out = NULL;
	if (!(bare = without_metadata(img)))
		goto vips_failed;
	if (strcmp(format, "jpeg") == 0) {
		if (drop_alpha(bare, &flat))
			goto vips_failed;
		/* Q 90: artefacts around the masks carry nothing; the mask is
		 * solid before compression. */
		r = vips_jpegsave_buffer(flat, out, size, "strip", TRUE, "Q", 90,
					 NULL);
	} else if (strcmp(format, "png") == 0) {
		r = vips_pngsave_buffer(bare, out, size, "strip", TRUE, NULL);
	} else if (strcmp(format, "webp") == 0) {
		r = webp_encode(bare, out, size);
	} else if (strcmp(format, "tiff") == 0) {
		r = vips_tiffsave_buffer(bare, out, size, "strip", TRUE,
					 "compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE,
					 NULL);
	} else {
		/* HEIF and GIF inputs are written as PNG: lossless, and no
		 * patent-encumbered or palette-reducing encoder involved. */
		r = vips_pngsave_buffer(bare, out, size, "strip", TRUE, NULL);
	}
	if (r)
		goto vips_failed;
	goto out;
vips_failed:
	st = idr_fail(err, IDR_ERR_INTERNAL, "cannot encode %s: %s", format,
		      vips_error_buffer());
	vips_error_clear();
	if (*out) {
		g_free(*out);
		*out = NULL;
	}
out:
	IDR_UNREF(flat);
	IDR_UNREF(bare);
	return st;
}
