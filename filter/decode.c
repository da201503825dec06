/* decode.c — the first stage: bytes in memory to an upright, 8-bit image.
 *
 * decode_image() sniffs the format, checks the pixel count from the header
 * before anything is decoded (a PNG may declare 100000x100000 in a few
 * bytes), decodes the first page only, applies the EXIF orientation to the
 * pixels and brings the result to 8-bit sRGB or grey. Untrusted libvips
 * loaders (ImageMagick, PDFium, matio, ...) are blocked in idr_init(), and
 * on top of that only the loaders in the table below are accepted (no SVG,
 * PDF, FITS, ...). HEIF is listed for libvips builds that have it; Debian
 * bookworm's libvips42 has no HEIF loader, so HEIF input is refused (65).
 */
#include <inttypes.h>
#include <string.h>

#include "internal.h"

/* Loader class name prefixes (libvips' foreign loaders) and the format we
 * report and, by default, write back. */
static const struct {
	const char *loader;
	const char *format;
} loaders[] = {
	{ "VipsForeignLoadJpeg", "jpeg" },
	{ "VipsForeignLoadPng", "png" },
	{ "VipsForeignLoadWebp", "webp" },
	{ "VipsForeignLoadTiff", "tiff" },
	{ "VipsForeignLoadHeif", "heif" },
	{ "VipsForeignLoadGif", "gif" },
};

/* Returns the format name for a loader class name, or NULL. */
static const char *format_of_loader(const char *loader)
{
	for (size_t i = 0; i < G_N_ELEMENTS(loaders); i++)
		if (g_str_has_prefix(loader, loaders[i].loader))
			return loaders[i].format;
	return NULL;
}

/* Returns IDR_OK with *out an 8-bit sRGB/grey image, or IDR_ERR_INTERNAL. */
static idr_status to_8bit(VipsImage *in, VipsImage **out, idr_error *err)
{
	VipsInterpretation target;

	switch (vips_image_guess_interpretation(in)) {
	case VIPS_INTERPRETATION_B_W:
	case VIPS_INTERPRETATION_GREY16:
		target = VIPS_INTERPRETATION_B_W;
		break;
	default:
		target = VIPS_INTERPRETATION_sRGB;
		break;
	}
	/* vips_colourspace() rescales 16-bit to 8-bit and converts CMYK. */
	if (vips_colourspace(in, out, target, NULL))
		return idr_fail(err, IDR_ERR_DATA, "cannot convert colours: %s",
				vips_error_buffer());
	if ((*out)->BandFmt != VIPS_FORMAT_UCHAR) {
		VipsImage *cast;
		if (vips_cast_uchar(*out, &cast, NULL)) {
			IDR_UNREF(*out);
			return idr_fail(err, IDR_ERR_INTERNAL, "cast: %s",
					vips_error_buffer());
		}
		IDR_UNREF(*out);
		*out = cast;
	}
	return IDR_OK;
}

idr_status decode_image(const void *data, size_t size, uint64_t max_pixels,
			VipsImage **out, const char **format, idr_error *err)
{
	VipsImage *header = NULL, *upright = NULL, *eight = NULL, *mem = NULL;
	const char *loader;
	idr_status st = IDR_OK;

	*out = NULL;
	if (size == 0)
		return idr_fail(err, IDR_ERR_DATA, "empty input");
	loader = vips_foreign_find_load_buffer(data, size);
	if (!loader || !(*format = format_of_loader(loader))) {
		vips_error_clear();
		return idr_fail(err, IDR_ERR_DATA,
				"not a decodable image (JPEG, PNG, WebP, TIFF, GIF)");
	}
	/* Header only: libvips decodes lazily, on the first pixel access.
	 * fail_on=truncated turns a cut-off file into an error instead of a
	 * grey bottom half. */
	header = vips_image_new_from_buffer(data, size, "", "access",
					    VIPS_ACCESS_RANDOM, "fail_on",
					    VIPS_FAIL_ON_TRUNCATED, NULL);
	if (!header) {
		st = idr_fail(err, IDR_ERR_DATA, "cannot read image header");
		goto out;
	}
	uint64_t pixels = (uint64_t)header->Xsize * (uint64_t)header->Ysize;
	if (pixels > max_pixels) {
		st = idr_fail(err, IDR_ERR_LIMIT,
			      "image is %dx%d, over the limit of %" PRIu64 " pixels; "
			      "raise it (--max-pixels) if the image is genuine",
			      header->Xsize, header->Ysize, max_pixels);
		goto out;
	}
	/* EXIF orientation goes into the pixels; the tag is dropped. */
	if (vips_autorot(header, &upright, NULL)) {
		st = idr_fail(err, IDR_ERR_DATA, "cannot orient image");
		goto out;
	}
	if ((st = to_8bit(upright, &eight, err)))
		goto out;
	/* Decode now so that a corrupt body fails here, not halfway through
	 * masking. */
	if (!(mem = vips_image_copy_memory(eight))) {
		st = idr_fail(err, IDR_ERR_DATA, "corrupt or truncated image data");
		goto out;
	}
	*out = mem;
	mem = NULL;
out:
	vips_error_clear();
	IDR_UNREF(mem);
	IDR_UNREF(eight);
	IDR_UNREF(upright);
	IDR_UNREF(header);
	return st;
}
