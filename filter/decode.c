/* decode.c — the first stage: bytes in memory to an upright, 8-bit image.
 *
 * decode_image() sniffs the format and reads the header only. Before any
 * pixel is decoded it checks what the image would cost: pixels (every
 * page together), bands and bytes per sample (a PNG may declare
 * 100000x100000 in a few bytes, a TIFF 64 bands of 32-bit floats in a
 * few more). Then it decodes every page, applies the EXIF orientation to
 * the pixels and brings the result to 8-bit sRGB or grey.
 *
 * What a document image may be (stated in README and idredact.1): grey,
 * RGB, CMYK or Lab, with at most one alpha band, 8 or 16 bits a sample,
 * at least MIN_SIDE pixels a side, at most MAX_PAGES pages or frames of
 * one size. Anything else is refused
 * (IDR_ERR_DATA); extra bands are not dropped silently, because whatever
 * they hold would leave the filter unlooked-at. So the decoded input is
 * never larger than MAX_BYTES_PER_PIXEL bytes a pixel at the pixel limit.
 *
 * Pages and frames (multi-page TIFF, animated GIF and WebP, HEIF with
 * several images) come back as libvips holds them: one tall image, the
 * pages stacked top to bottom, with "page-height" set. The pipeline finds
 * and masks on each page; encode.c writes the pages back.
 *
 * Untrusted libvips loaders (ImageMagick, PDFium, matio, ...) are blocked
 * in idr_init(), and on top of that only the loaders in the table below
 * are accepted (no SVG, PDF, FITS, ...). Pixels are decoded into memory,
 * never into libvips' temporary disc file (which it uses past 100 MB and
 * creates 0644 in $TMPDIR): the decoded original must not touch a disk.
 */
#include <inttypes.h>
#include <string.h>

#include "internal.h"

/* Loader class name prefixes (libvips 8.14's foreign loaders) and the
 * format we report and, by default, write back. libvips 8.14 loads GIF
 * with libnsgif (VipsForeignLoadNsgif*). */
static const struct {
	const char *loader;
	const char *format;
	bool pages; /* the loader takes "n" (several pages or frames) */
} loaders[] = {
	{ "VipsForeignLoadJpeg", "jpeg", false },
	{ "VipsForeignLoadPng", "png", false },
	{ "VipsForeignLoadWebp", "webp", true },
	{ "VipsForeignLoadTiff", "tiff", true },
	{ "VipsForeignLoadHeif", "heif", true },
	{ "VipsForeignLoadNsgif", "gif", true },
};

/* One alpha band on top of the most colour bands a document has (CMYK). */
#define MAX_BANDS 5
/* 16-bit RGBA. 16-bit CMYK + alpha (10 bytes) gets 4/5 of the pixel limit. */
#define MAX_BYTES_PER_PIXEL 8
/* A card's front and back, a passport's pages, a short animation. */
#define MAX_PAGES 100
/* Fewer pixels than this a side cannot show a document, and decoders
 * give a 0 x 0 header such a size (libnsgif makes it 1 x 1). */
#define MIN_SIDE 16

/* Returns the index in loaders[] for a loader class name, or -1. */
static int loader_index(const char *loader)
{
	for (size_t i = 0; i < G_N_ELEMENTS(loaders); i++)
		if (g_str_has_prefix(loader, loaders[i].loader))
			return (int)i;
	return -1;
}

/* Returns the header of data (nothing decoded yet), all pages when
 * all_pages, or NULL. fail_on=truncated turns a cut-off file into an
 * error instead of a grey bottom half; memory keeps decoded pixels off
 * the disc. */
static VipsImage *open_header(const void *data, size_t size, bool all_pages)
{
	if (all_pages)
		return vips_image_new_from_buffer(data, size, "", "access",
			VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_TRUNCATED,
			"memory", TRUE, "n", -1, NULL);
	return vips_image_new_from_buffer(data, size, "", "access",
		VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_TRUNCATED,
		"memory", TRUE, NULL);
}

/* Returns IDR_OK when an image of pages pages shaped like header is a
 * document image within max_pixels; else IDR_ERR_DATA or IDR_ERR_LIMIT
 * saying why. Reads the header only. */
static idr_status check_shape(VipsImage *header, int pages,
			      uint64_t max_pixels, idr_error *err)
{
	VipsInterpretation type = vips_image_guess_interpretation(header);
	uint64_t sample = vips_format_sizeof(header->BandFmt);

	if (header->Xsize < MIN_SIDE || header->Ysize < MIN_SIDE)
		return idr_fail(err, IDR_ERR_DATA,
				"image is %dx%d, too small to be a document (%d px a side at least)",
				header->Xsize, header->Ysize, MIN_SIDE);
	if (pages < 1 || pages > MAX_PAGES)
		return idr_fail(err, IDR_ERR_LIMIT,
				"image has %d pages or frames, over the limit of %d",
				pages, MAX_PAGES);
	/* 1 grey, 2 grey + alpha, 3 RGB or Lab, 4 RGBA, CMYK or Lab + alpha,
	 * 5 CMYK + alpha only. */
	if (header->Bands > MAX_BANDS ||
	    (header->Bands == MAX_BANDS && type != VIPS_INTERPRETATION_CMYK))
		return idr_fail(err, IDR_ERR_DATA,
				"image has %d bands; a document image is grey, "
				"RGB, CMYK or Lab with at most one alpha band",
				header->Bands);
	if (!vips_band_format_isint(header->BandFmt) || sample > 2)
		return idr_fail(err, IDR_ERR_DATA,
				"image has %s samples; a document image has 8- or "
				"16-bit integer samples",
				vips_enum_nick(VIPS_TYPE_BAND_FORMAT, header->BandFmt));
	/* libvips keeps sides under VIPS_MAX_COORD (10^7), pages are at
	 * most MAX_PAGES by now, so the products stay below 2^57. */
	uint64_t pixels = (uint64_t)header->Xsize * (uint64_t)header->Ysize *
			  (uint64_t)pages;
	if (pixels > max_pixels)
		return idr_fail(err, IDR_ERR_LIMIT,
				"image is %dx%d (%d page%s), over the limit of %"
				PRIu64 " pixels", header->Xsize, header->Ysize,
				pages, pages > 1 ? "s" : "", max_pixels);
	uint64_t bytes = pixels * (uint64_t)header->Bands * sample;
	if (bytes / MAX_BYTES_PER_PIXEL > max_pixels)
		return idr_fail(err, IDR_ERR_LIMIT,
				"image needs %" PRIu64 " bytes decoded, over the "
				"limit of %d bytes a pixel x %" PRIu64 " pixels",
				bytes, MAX_BYTES_PER_PIXEL, max_pixels);
	return IDR_OK;
}

/* Returns IDR_OK with *out an 8-bit sRGB/grey image, or IDR_ERR_DATA. */
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
			return idr_fail(err, IDR_ERR_DATA, "cast: %s",
					vips_error_buffer());
		}
		IDR_UNREF(*out);
		*out = cast;
	}
	return IDR_OK;
}

/* Returns 0 with *out the pages of in (page_height rows each, stacked)
 * each turned upright by the EXIF orientation, or -1. The orientation
 * is read once, from the first page, as libvips reads it. Per page,
 * because turning the whole stack a quarter turn would lay the pages
 * side by side. *out has "page-height" set to the turned page's. */
static int orient_pages(VipsImage *in, int page_height, VipsImage **out)
{
	int pages = in->Ysize / page_height, ret = -1;
	VipsImage **turned = g_new0(VipsImage *, pages);

	for (int p = 0; p < pages; p++) {
		VipsImage *page;
		if (vips_extract_area(in, &page, 0, p * page_height, in->Xsize,
				      page_height, NULL))
			goto out;
		int r = vips_autorot(page, &turned[p], NULL);
		g_object_unref(page);
		if (r)
			goto out;
	}
	if (pages == 1 ? vips_copy(turned[0], out, NULL)
		       : vips_arrayjoin(turned, out, pages, "across", 1, NULL))
		goto out;
	/* Set, not inherited: a quarter turn changes the page height. */
	vips_image_set_int(*out, VIPS_META_PAGE_HEIGHT, turned[0]->Ysize);
	ret = 0;
out:
	for (int p = 0; p < pages; p++)
		IDR_UNREF(turned[p]);
	g_free(turned);
	return ret;
}

idr_status decode_image(const void *data, size_t size, uint64_t max_pixels,
			VipsImage **out, const char **format, idr_error *err)
{
	VipsImage *header = NULL, *upright = NULL, *eight = NULL, *mem = NULL;
	const char *loader;
	idr_status st = IDR_OK;
	int which, pages, page_height;

	*out = NULL;
	if (size == 0)
		return idr_fail(err, IDR_ERR_DATA, "empty input");
	loader = vips_foreign_find_load_buffer(data, size);
	if (!loader || (which = loader_index(loader)) < 0) {
		vips_error_clear();
		return idr_fail(err, IDR_ERR_DATA,
				"not a decodable image (JPEG, PNG, WebP, TIFF, GIF, HEIF)");
	}
	*format = loaders[which].format;
	/* Header only: libvips decodes on the first pixel access. */
	if (!(header = open_header(data, size, false))) {
		st = idr_fail(err, IDR_ERR_DATA, "cannot read image header");
		goto out;
	}
	pages = loaders[which].pages ? vips_image_get_n_pages(header) : 1;
	if ((st = check_shape(header, pages, max_pixels, err)))
		goto out;
	if (pages > 1) {
		/* The whole stack; libvips refuses pages of unequal size or
		 * format, which one tall image cannot hold. */
		IDR_UNREF(header);
		if (!(header = open_header(data, size, true))) {
			st = idr_fail(err, IDR_ERR_DATA,
				      "cannot read all %d pages (pages of different "
				      "sizes are not supported): %s", pages,
				      vips_error_buffer());
			goto out;
		}
		page_height = vips_image_get_page_height(header);
		if (page_height * pages != header->Ysize ||
		    (st = check_shape(header, 1, max_pixels, err))) {
			if (!st)
				st = idr_fail(err, IDR_ERR_DATA, "inconsistent pages");
			goto out;
		}
	} else {
		page_height = header->Ysize;
	}
	/* EXIF orientation goes into the pixels; the tag is dropped. */
	if (orient_pages(header, page_height, &upright)) {
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
