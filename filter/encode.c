/* encode.c — the last stage: the masked image to bytes with no metadata.
 *
 * "strip" (libvips 8.14 savers) drops EXIF (which can carry an unmasked
 * thumbnail and GPS), XMP, IPTC, ICC and comments. As a second line we
 * also copy the image and remove every metadata field from the copy
 * before saving, so a saver that ignores "strip" has nothing to write.
 * Only the timing of an animation ("delay", "loop") is put back.
 *
 * Pages: decode.c stacks every page or frame; here they become pages of
 * a TIFF, frames of a WebP or GIF (pipeline.c never asks for several
 * pages in JPEG or PNG).
 *
 * WebP goes through libwebp's simple encoder instead of vips_webpsave:
 * libvips 8.14's WebP saver rebuilds and writes a small EXIF block even
 * with "strip" (seen in tests/check_decode.c), and WebPEncodeRGB[A]
 * writes a bare VP8 bitstream with no metadata chunk at all; animations
 * go through libwebpmux's WebPAnimEncoder, which writes the frames and
 * their timing (ANIM, ANMF chunks) and no metadata either.
 */
#include <string.h>

#include <webp/encode.h>
#include <webp/mux.h>

#include "internal.h"

/* A frame shows this long when the input said nothing (GIF's and
 * libvips' usual 100 ms). */
#define DEFAULT_DELAY_MS 100

/* Returns 0 with *out a g_malloc'ed animated WebP of the pages of mem
 * (8-bit sRGB, 3 or 4 bands, in memory, pages of page_height rows) at
 * quality 90, each shown for delay[p] ms, looping loop times (0: for
 * ever); -1 on failure. */
static int webp_encode_pages(VipsImage *mem, int page_height, const int *delay,
			     int n_delay, int loop, void **out, size_t *size)
{
	WebPAnimEncoderOptions eo;
	WebPAnimEncoder *enc = NULL;
	WebPConfig cfg;
	WebPData data;
	int stride = VIPS_IMAGE_SIZEOF_LINE(mem), ms = 0, ret = -1;

	WebPDataInit(&data);
	if (!WebPAnimEncoderOptionsInit(&eo) || !WebPConfigInit(&cfg))
		goto out;
	eo.anim_params.loop_count = loop;
	cfg.quality = 90;
	if (!(enc = WebPAnimEncoderNew(mem->Xsize, page_height, &eo)))
		goto out;
	for (int p = 0; p < mem->Ysize / page_height; p++) {
		WebPPicture pic;
		const uint8_t *px = VIPS_IMAGE_ADDR(mem, 0, p * page_height);
		int ok;

		if (!WebPPictureInit(&pic))
			goto out;
		pic.use_argb = 1;
		pic.width = mem->Xsize;
		pic.height = page_height;
		ok = mem->Bands == 4 ? WebPPictureImportRGBA(&pic, px, stride)
				     : WebPPictureImportRGB(&pic, px, stride);
		ok = ok && WebPAnimEncoderAdd(enc, &pic, ms, &cfg);
		WebPPictureFree(&pic);
		if (!ok)
			goto out;
		ms += p < n_delay && delay[p] > 0 ? delay[p] : DEFAULT_DELAY_MS;
	}
	if (!WebPAnimEncoderAdd(enc, NULL, ms, NULL) ||
	    !WebPAnimEncoderAssemble(enc, &data))
		goto out;
	*out = g_memdup2(data.bytes, data.size);
	*size = data.size;
	ret = 0;
out:
	if (ret)
		vips_error("idredact", "animated WebP encoding failed");
	WebPDataClear(&data);
	WebPAnimEncoderDelete(enc);
	return ret;
}

/* Returns 0 with *out a g_malloc'ed lossy WebP of img (quality 90), its
 * pages (page_height rows each) as frames timed by its "delay" and
 * "loop" fields. */
static int webp_encode(VipsImage *img, int page_height, void **out,
		       size_t *size)
{
	VipsImage *rgb = NULL, *mem = NULL;
	uint8_t *webp = NULL;
	size_t len = 0;
	int ret = -1;

	/* libwebp takes 8-bit RGB or RGBA. */
	if (vips_colourspace(img, &rgb, VIPS_INTERPRETATION_sRGB, NULL) ||
	    !(mem = vips_image_copy_memory(rgb)))
		goto out;
	if (page_height < mem->Ysize) {
		int *delay = NULL, n_delay = 0, loop = 0;
		if (vips_image_get_typeof(img, "delay"))
			vips_image_get_array_int(img, "delay", &delay, &n_delay);
		if (vips_image_get_typeof(img, "loop"))
			vips_image_get_int(img, "loop", &loop);
		ret = webp_encode_pages(mem, page_height, delay, n_delay, loop,
					out, size);
		goto out;
	}
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

/* Copies an animation's timing, the one metadata kept, from in to bare. */
static void keep_timing(VipsImage *in, VipsImage *bare)
{
	int *delay = NULL, n = 0, loop = 0;

	if (vips_image_get_typeof(in, "delay") &&
	    !vips_image_get_array_int(in, "delay", &delay, &n))
		vips_image_set_array_int(bare, "delay", delay, n);
	if (vips_image_get_typeof(in, "loop") && !vips_image_get_int(in, "loop", &loop))
		vips_image_set_int(bare, "loop", loop);
}

idr_status encode_image(VipsImage *img, const char *format, void **out,
			size_t *size, idr_error *err)
{
	VipsImage *bare = NULL, *flat = NULL;
	idr_status st = IDR_OK;
	int page_height = vips_image_get_page_height(img);
	int r;

	*out = NULL;
	if (!(bare = without_metadata(img)))
		goto vips_failed;
	if (page_height < img->Ysize)
		keep_timing(img, bare);
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
		r = webp_encode(bare, page_height, out, size);
	} else if (strcmp(format, "tiff") == 0) {
		r = vips_tiffsave_buffer(bare, out, size, "strip", TRUE,
					 "compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE,
					 "page_height", page_height, NULL);
	} else if (strcmp(format, "gif") == 0) {
		/* Only for animations (pipeline.c): cgif quantises each
		 * frame to 256 colours, which a GIF's frames already were. */
		r = vips_gifsave_buffer(bare, out, size, "strip", TRUE,
					"page_height", page_height, NULL);
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
