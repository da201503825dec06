/* corpus.c — the hostile and awkward corpus of tests/e2e/hostile.sh,
 * made here from the synthetic samples (issue 14):
 *
 *   corpus-gen SAMPLES OUT [SCALE]
 *
 * writes one file per case into OUT and a line per case into OUT/expect:
 *
 *   NAME refuse            exit 65, nothing written
 *   NAME redact KEY=VALUE  exit 0 and, with gt=A.json[,B.json...], page k
 *                          of the output judged against ground truth k
 *                          (every identifier box masked, none read back)
 *                          at that page's size
 *   NAME either            exit 0 or 65, never anything else; on 0 the
 *                          output decodes (damaged but decodable data)
 *
 * and, on redact lines, absent=HEX (bytes that must not be in the
 * output) and single=1 (exactly one JPEG start-of-image in it).
 *
 * The classes: text and documents that are not images; truncated and
 * structurally corrupt files of every format; huge declared dimensions;
 * decompression bombs; zero-size images; polyglots; images libvips
 * decodes but a document filter should not take (64 bands, floats, 300
 * frames); and the awkward images real phones and scanners make (CMYK,
 * 16-bit, grey, palette, alpha, progressive, multi-page, animated, EXIF
 * orientations 1-8, MPF, HEIF), which must be redacted, not refused.
 *
 * SCALE (default 1) shrinks the sample first: at 0.1 the files are seeds
 * for tests/fuzz/fuzz_image.c (the ground truth then no longer applies).
 * Exits non-zero when a case cannot be made.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>
#include <webp/encode.h>
#include <zlib.h>

static const char *out_dir;
static FILE *expect;
static int made;

/* Exits after printing why. */
static void die(const char *what)
{
	fprintf(stderr, "corpus-gen: %s: %s\n", what, vips_error_buffer());
	exit(1);
}

/* Writes len bytes to OUT/name and the expectation line for it. */
static void put(const char *name, const void *data, size_t len,
		const char *outcome)
{
	char *path = g_build_filename(out_dir, name, NULL);

	if (!g_file_set_contents(path, data, (gssize)len, NULL))
		die(path);
	fprintf(expect, "%s %s\n", name, outcome);
	made++;
	g_free(path);
}

/* Returns img saved with the libvips suffix and options, e.g. ".jpg[Q=90]". */
static GBytes *save(VipsImage *img, const char *suffix)
{
	void *buf;
	size_t len;

	if (vips_image_write_to_buffer(img, suffix, &buf, &len, NULL))
		die(suffix);
	return g_bytes_new_take(buf, len);
}

/* Writes b as name with outcome. */
static void put_bytes(const char *name, GBytes *b, const char *outcome)
{
	gsize len;
	const void *p = g_bytes_get_data(b, &len);
	put(name, p, len, outcome);
}

/* Returns a copy of b's first len bytes (or all), changed by a function. */
static GByteArray *copy_of(GBytes *b)
{
	gsize len;
	const guint8 *p = g_bytes_get_data(b, &len);
	GByteArray *a = g_byte_array_sized_new((guint)len);
	g_byte_array_append(a, p, (guint)len);
	return a;
}

/* ------------------------------------------------------------ samples */

/* The samples the redact cases are made from, used in turn so that each
 * case is a different document (redact.sh covers every sample as is). */
static const char *const bases[] = {
	"th_card_01", "sg_front_01", "kr_card_01", "passport_01",
	"my_card_01", "id_card_01", "cn_card_01", "jp_card_01",
};
static const char *samples;
static double scale = 1.0;

/* Returns the sample base's image (sRGB, 3 bands, uchar, in memory,
 * scaled by SCALE) and *gt the path of its ground truth. */
static VipsImage *sample_named(const char *base, char **gt)
{
	static const char *const exts[] = { ".jpg", ".png" };
	VipsImage *in = NULL, *rgb, *small, *mem;

	for (size_t k = 0; k < G_N_ELEMENTS(exts) && !in; k++) {
		char *name = g_strconcat(base, exts[k], NULL);
		char *path = g_build_filename(samples, name, NULL);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			in = vips_image_new_from_file(path, NULL);
		g_free(name);
		g_free(path);
	}
	if (!in)
		die(base);
	char *json = g_strconcat(base, ".json", NULL);
	*gt = g_build_filename(samples, json, NULL);
	g_free(json);
	if (vips_colourspace(in, &rgb, VIPS_INTERPRETATION_sRGB, NULL) ||
	    vips_resize(rgb, &small, scale, NULL) ||
	    !(mem = vips_image_copy_memory(small)))
		die("sample");
	g_object_unref(in);
	g_object_unref(rgb);
	g_object_unref(small);
	return mem;
}

/* Returns the i-th sample of bases[], in turn. */
static VipsImage *sample(int i, char **gt)
{
	return sample_named(bases[i % G_N_ELEMENTS(bases)], gt);
}

/* Returns "redact gt=GT" for one page (g_strdup'ed). */
static char *redact_gt(const char *gt)
{
	return g_strdup_printf("redact gt=%s", gt);
}

/* ----------------------------------------------- the awkward, redacted */

/* CMYK JPEG, 16-bit PNG, grey and palette PNG, PNG with alpha,
 * progressive JPEG, single-frame GIF, HEIF, 16-bit and CMYK TIFF. */
static void awkward_formats(int *k)
{
	static const struct {
		const char *name, *suffix;
		VipsInterpretation type; /* what to convert to first */
		int alpha;               /* add an opaque alpha band */
		int depth16;             /* cast to 16 bits */
	} cases[] = {
		{ "cmyk.jpg", ".jpg[Q=92]", VIPS_INTERPRETATION_CMYK, 0, 0 },
		{ "rgb16.png", ".png[bitdepth=16]", VIPS_INTERPRETATION_RGB16, 0, 1 },
		{ "grey.png", ".png", VIPS_INTERPRETATION_B_W, 0, 0 },
		{ "palette.png", ".png[palette]", VIPS_INTERPRETATION_sRGB, 0, 0 },
		{ "alpha.png", ".png", VIPS_INTERPRETATION_sRGB, 1, 0 },
		{ "progressive.jpg", ".jpg[interlace,Q=92]", VIPS_INTERPRETATION_sRGB, 0, 0 },
		{ "single.gif", ".gif", VIPS_INTERPRETATION_sRGB, 0, 0 },
		{ "card.heic", ".heic[Q=90]", VIPS_INTERPRETATION_sRGB, 0, 0 },
		{ "card.avif", ".avif[Q=90]", VIPS_INTERPRETATION_sRGB, 0, 0 },
		{ "grey16.tif", ".tif[compression=deflate]", VIPS_INTERPRETATION_GREY16, 0, 1 },
		{ "cmyk.tif", ".tif[compression=lzw]", VIPS_INTERPRETATION_CMYK, 1, 0 },
		{ "lossless.webp", ".webp[lossless]", VIPS_INTERPRETATION_sRGB, 1, 0 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++, (*k)++) {
		char *gt;
		VipsImage *img = sample(*k, &gt), *conv, *withalpha;
		if (vips_colourspace(img, &conv, cases[i].type, NULL))
			die(cases[i].name);
		if (cases[i].alpha) {
			if (vips_bandjoin_const1(conv, &withalpha,
						 cases[i].depth16 ? 65535 : 255, NULL))
				die(cases[i].name);
			g_object_unref(conv);
			conv = withalpha;
		}
		GBytes *b = save(conv, cases[i].suffix);
		char *outcome = redact_gt(gt);
		put_bytes(cases[i].name, b, outcome);
		g_free(outcome);
		g_bytes_unref(b);
		g_object_unref(conv);
		g_object_unref(img);
		g_free(gt);
	}
}

/* Returns samples a and b (of one size, as a card's two sides are) as
 * two pages (page-height set); *gts gets "A.json,B.json". */
static VipsImage *two_pages(const char *a, const char *b, char **gts)
{
	char *gt[2];
	VipsImage *page[2], *stack;

	page[0] = sample_named(a, &gt[0]);
	page[1] = sample_named(b, &gt[1]);
	int h = page[0]->Ysize;
	if (page[1]->Xsize != page[0]->Xsize || page[1]->Ysize != h) {
		fprintf(stderr, "corpus-gen: %s and %s differ in size\n", a, b);
		exit(1);
	}
	if (vips_arrayjoin(page, &stack, 2, "across", 1, NULL))
		die("pages");
	vips_image_set_int(stack, VIPS_META_PAGE_HEIGHT, h);
	int delays[2] = { 500, 500 };
	vips_image_set_array_int(stack, "delay", delays, 2);
	*gts = g_strdup_printf("%s,%s", gt[0], gt[1]);
	for (int p = 0; p < 2; p++) {
		g_object_unref(page[p]);
		g_free(gt[p]);
	}
	return stack;
}

/* A two-page TIFF (a card's front and back), an animated GIF and an
 * animated WebP of two documents each. */
static void pages_and_frames(void)
{
	static const struct { const char *name, *suffix, *a, *b; } cases[] = {
		{ "pages.tif", ".tif[compression=deflate]", "sg_front_01", "sg_back_01" },
		{ "anim.gif", ".gif", "kr_card_01", "my_card_01" },
		{ "anim.webp", ".webp[Q=92]", "hk_card_01", "tw_card_01" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *gts;
		VipsImage *stack = two_pages(cases[i].a, cases[i].b, &gts);
		GBytes *b = save(stack, cases[i].suffix);
		char *outcome = g_strdup_printf("redact gt=%s", gts);
		put_bytes(cases[i].name, b, outcome);
		g_free(outcome);
		g_bytes_unref(b);
		g_object_unref(stack);
		g_free(gts);
	}
}

/* Returns the stored pixels that EXIF orientation o (1-8, EXIF 2.32,
 * 4.6.4 "Orientation") turns into display: the inverse of what a viewer
 * does. Checked against libvips' own vips_autorot() below. */
static VipsImage *stored_for(VipsImage *display, int o)
{
	VipsImage *t = NULL, *u = NULL;

	switch (o) {
	case 2: vips_flip(display, &t, VIPS_DIRECTION_HORIZONTAL, NULL); break;
	case 3: vips_rot(display, &t, VIPS_ANGLE_D180, NULL); break;
	case 4: vips_flip(display, &t, VIPS_DIRECTION_VERTICAL, NULL); break;
	case 5: /* transpose: its own inverse */
		vips_rot(display, &u, VIPS_ANGLE_D90, NULL);
		vips_flip(u, &t, VIPS_DIRECTION_HORIZONTAL, NULL);
		break;
	case 6: vips_rot(display, &t, VIPS_ANGLE_D270, NULL); break;
	case 7: /* transverse: its own inverse */
		vips_rot(display, &u, VIPS_ANGLE_D270, NULL);
		vips_flip(u, &t, VIPS_DIRECTION_HORIZONTAL, NULL);
		break;
	case 8: vips_rot(display, &t, VIPS_ANGLE_D90, NULL); break;
	default: vips_copy(display, &t, NULL); break;
	}
	if (!t)
		die("orientation");
	if (u)
		g_object_unref(u);
	VipsImage *tagged;
	if (vips_copy(t, &tagged, NULL))
		die("orientation");
	g_object_unref(t);
	vips_image_set_int(tagged, VIPS_META_ORIENTATION, o);
	return tagged;
}

/* JPEGs with EXIF orientation 1 to 8 whose displayed image is the sample. */
static void orientations(int *k)
{
	for (int o = 1; o <= 8; o++, (*k)++) {
		char *gt, name[32];
		VipsImage *img = sample(*k, &gt), *stored = stored_for(img, o);
		GBytes *b = save(stored, ".jpg[Q=92]");
		/* The generator's own check: libvips shows it as the sample. */
		VipsImage *back = vips_image_new_from_buffer(
			g_bytes_get_data(b, NULL), g_bytes_get_size(b), "", NULL), *up;
		double diff;
		VipsImage *d;
		if (!back || vips_autorot(back, &up, NULL) ||
		    up->Xsize != img->Xsize || up->Ysize != img->Ysize ||
		    vips_subtract(up, img, &d, NULL) || vips_avg(d, &diff, NULL))
			die("orientation round trip");
		if (diff < -2 || diff > 2) {
			fprintf(stderr, "corpus-gen: orientation %d does not show the sample\n", o);
			exit(1);
		}
		snprintf(name, sizeof name, "orient-%d.jpg", o);
		char *outcome = redact_gt(gt);
		put_bytes(name, b, outcome);
		g_free(outcome);
		g_object_unref(d);
		g_object_unref(up);
		g_object_unref(back);
		g_bytes_unref(b);
		g_object_unref(stored);
		g_object_unref(img);
		g_free(gt);
	}
}

/* Appends v as 2 or 4 little-endian bytes. */
static void le16(GByteArray *a, unsigned v)
{
	guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
	g_byte_array_append(a, b, 2);
}
static void le32(GByteArray *a, unsigned v)
{
	guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
	g_byte_array_append(a, b, 4);
}

/* A phone-style JPEG with a second full-size image (CIPA DC-007, Multi-
 * Picture Format): an APP2 "MPF\0" segment after SOI whose MP Index IFD
 * lists two images, the second appended after the first's EOI. The
 * second is the unredacted card: it must not reach the output. */
static void mpf(int *k)
{
	char *gt;
	VipsImage *img = sample(*k, &gt);
	(*k)++;
	GBytes *first = save(img, ".jpg[Q=90,strip]");
	GBytes *second = save(img, ".jpg[Q=70,strip]");
	gsize n1, n2;
	const guint8 *p1 = g_bytes_get_data(first, &n1);
	g_bytes_get_data(second, &n2);

	/* MP Index IFD (CIPA DC-007, 5.2.2): MPFVersion, NumberOfImages,
	 * MPEntry; entries of 16 bytes: attribute, size, offset (from the
	 * TIFF header), two dependent image numbers. */
	GByteArray *mp = g_byte_array_new();
	g_byte_array_append(mp, (const guint8 *)"MPF\0II*\0", 8);
	le32(mp, 8);                /* IFD right after the TIFF header */
	le16(mp, 3);
	le16(mp, 0xB000); le16(mp, 7); le32(mp, 4);
	g_byte_array_append(mp, (const guint8 *)"0100", 4);
	le16(mp, 0xB001); le16(mp, 4); le32(mp, 1); le32(mp, 2);
	le16(mp, 0xB002); le16(mp, 7); le32(mp, 32); le32(mp, 8 + 2 + 3 * 12 + 4);
	le32(mp, 0);                /* no next IFD */
	size_t seg_len = 2 + mp->len + 32;
	size_t total1 = n1 + 2 + seg_len; /* the first image with the segment */
	/* Entry 1: the primary (offset 0 by definition); entry 2: the
	 * second image, offset counted from the TIFF header inside APP2. */
	le32(mp, 0x030000); le32(mp, (unsigned)total1); le32(mp, 0); le16(mp, 0); le16(mp, 0);
	le32(mp, 0x010001); le32(mp, (unsigned)n2);
	le32(mp, (unsigned)(total1 - (2 + 2 + 2 + 4))); le16(mp, 0); le16(mp, 0);

	GByteArray *file = g_byte_array_new();
	g_byte_array_append(file, p1, 2);                 /* SOI */
	guint8 app2[4] = { 0xFF, 0xE2, (guint8)(seg_len >> 8), (guint8)seg_len };
	g_byte_array_append(file, app2, 4);
	g_byte_array_append(file, mp->data, mp->len);
	g_byte_array_append(file, p1 + 2, (guint)n1 - 2);
	g_byte_array_append(file, g_bytes_get_data(second, NULL), (guint)n2);
	/* absent: the MPF marker; single: one SOI only. */
	char *outcome = g_strdup_printf("redact gt=%s absent=4d504600 single=1", gt);
	put("mpf.jpg", file->data, file->len, outcome);
	g_free(outcome);
	g_byte_array_unref(file);
	g_byte_array_unref(mp);
	g_bytes_unref(first);
	g_bytes_unref(second);
	g_object_unref(img);
	g_free(gt);
}

static void png_chunk(GByteArray *a, const char *type, const guint8 *data,
		      unsigned len);

/* Returns the hex of s. */
static char *hex_of(const char *s)
{
	GString *h = g_string_new(NULL);
	for (const char *p = s; *p; p++)
		g_string_append_printf(h, "%02x", (unsigned char)*p);
	return g_string_free(h, FALSE);
}

/* Valid images carrying a foreign payload: a ZIP after a GIF (a
 * "GIFAR"), HTML after a JPEG's end, script in a PNG text chunk and in a
 * JPEG comment. They are redacted, and the payload is not in the output
 * (it is re-encoded from pixels). */
static void polyglots(int *k)
{
	static const char payload[] = "<script>alert('POLYGLOT-PAYLOAD')</script>";
	char *hex = hex_of("POLYGLOT-PAYLOAD");
	static const struct { const char *name, *suffix; int how; } cases[] = {
		{ "polyglot-gif-zip.gif", ".gif", 0 },
		{ "polyglot-jpeg-html.jpg", ".jpg[Q=90]", 0 },
		{ "polyglot-png-text.png", ".png", 1 },
		{ "polyglot-jpeg-comment.jpg", ".jpg[Q=90]", 2 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++, (*k)++) {
		char *gt;
		VipsImage *img = sample(*k, &gt), *tagged;
		if (vips_copy(img, &tagged, NULL))
			die("polyglot");
		GBytes *b = save(tagged, cases[i].suffix);
		GByteArray *a = copy_of(b);
		if (cases[i].how == 1) {
			/* A tEXt chunk (PNG spec, 11.3.4.3) before IEND. */
			GByteArray *text = g_byte_array_new();
			g_byte_array_append(text, (const guint8 *)"Comment", 8);
			g_byte_array_append(text, (const guint8 *)payload, sizeof payload - 1);
			guint8 *iend = (guint8 *)memmem(a->data, a->len, "IEND", 4) - 4;
			GByteArray *tail = g_byte_array_new();
			g_byte_array_append(tail, iend, (guint)(a->data + a->len - iend));
			g_byte_array_set_size(a, (guint)(iend - a->data));
			png_chunk(a, "tEXt", text->data, text->len);
			g_byte_array_append(a, tail->data, tail->len);
			g_byte_array_unref(tail);
			g_byte_array_unref(text);
		} else if (cases[i].how == 2) {
			/* A COM segment (ITU T.81, B.2.4.5) right after SOI. */
			unsigned n = 2 + sizeof payload - 1;
			guint8 com[4] = { 0xFF, 0xFE, (guint8)(n >> 8), (guint8)n };
			g_byte_array_remove_range(a, 0, 2);
			g_byte_array_prepend(a, (const guint8 *)payload, sizeof payload - 1);
			g_byte_array_prepend(a, com, 4);
			g_byte_array_prepend(a, (const guint8 *)"\xff\xd8", 2);
		} else if (cases[i].how == 0 && g_str_has_suffix(cases[i].name, ".gif")) {
			/* A stored ZIP member: local header, name, data. */
			static const guint8 zip[] = { 'P', 'K', 3, 4, 10, 0, 0, 0, 0, 0 };
			g_byte_array_append(a, zip, sizeof zip);
			g_byte_array_append(a, (const guint8 *)payload, sizeof payload - 1);
		} else if (cases[i].how == 0) {
			g_byte_array_append(a, (const guint8 *)"<html><body>", 12);
			g_byte_array_append(a, (const guint8 *)payload, sizeof payload - 1);
		}
		/* The payload really is in the input (else the test proves
		 * nothing). */
		if (!memmem(a->data, a->len, "POLYGLOT-PAYLOAD", 16)) {
			fprintf(stderr, "corpus-gen: %s lacks its payload\n", cases[i].name);
			exit(1);
		}
		char *outcome = g_strdup_printf("redact gt=%s absent=%s", gt, hex);
		put(cases[i].name, a->data, a->len, outcome);
		g_free(outcome);
		g_byte_array_unref(a);
		g_bytes_unref(b);
		g_object_unref(tagged);
		g_object_unref(img);
		g_free(gt);
	}
	g_free(hex);
}

/* -------------------------------------------------- the hostile, refused */

/* Not images: empty, text, HTML, SVG (plain and fetching outside), PDF,
 * and image magic followed by something else. */
static void not_images(void)
{
	static const struct { const char *name, *text; } cases[] = {
		{ "empty", "" },
		{ "text.txt", "Identification Number 1 1037 00063 32 3\n" },
		{ "page.html", "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>\n" },
		{ "plain.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='400' height='200'>"
			"<text x='10' y='50'>1 1037 00063 32 3</text></svg>\n" },
		{ "external.svg", "<svg xmlns='http://www.w3.org/2000/svg' "
			"xmlns:xlink='http://www.w3.org/1999/xlink' width='400' height='200'>"
			"<image xlink:href='http://127.0.0.1:9/x.png' width='400' height='200'/>"
			"<image xlink:href='file:///etc/passwd' width='10' height='10'/></svg>\n" },
		{ "doc.pdf", "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
			"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
			"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
			"trailer<</Root 1 0 R>>\n%%EOF\n" },
		{ "jpeg-magic.html", "\xff\xd8\xff\xe0<html><script>alert(1)</script></html>" },
		{ "gif-magic.html", "GIF89a<html><script>alert(1)</script></html>" },
		{ "png-magic.txt", "\x89PNG\r\n\x1a\nnot really a png at all" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		put(cases[i].name, cases[i].text, strlen(cases[i].text), "refuse");
}

/* Truncated files of every format (40% kept), and structurally corrupt
 * ones the decoders can tell (a PNG chunk whose CRC fails, a JPEG that
 * loses its frame header, a TIFF whose first IFD lies past the end, a
 * GIF with an impossible LZW code size, a WebP or HEIF with its header
 * boxes scrambled); and damaged but decodable ones (bytes flipped in
 * the middle of compressed data), which may decode to garbled pixels
 * and then are redacted like any image ("either"). */
static void damaged(int *k)
{
	static const char *const suffixes[] = {
		".jpg[Q=90]", ".png", ".tif[compression=deflate]", ".webp[Q=90]",
		".heic[Q=80]", ".gif",
	};
	static const char *const names[] = { "jpg", "png", "tif", "webp", "heic", "gif" };
	for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++, (*k)++) {
		char *gt, name[48];
		VipsImage *img = sample(*k, &gt);
		GBytes *b = save(img, suffixes[i]);
		gsize len;
		const guint8 *p = g_bytes_get_data(b, &len);

		snprintf(name, sizeof name, "truncated.%s", names[i]);
		put(name, p, len * 2 / 5, "refuse");

		GByteArray *a = copy_of(b);
		bool refuse = true;
		if (strcmp(names[i], "png") == 0) {
			/* The first IDAT's data: its CRC no longer matches. */
			guint8 *idat = memmem(a->data, a->len, "IDAT", 4);
			idat[20] ^= 0xff;
		} else if (strcmp(names[i], "jpg") == 0) {
			/* SOF0 renamed to an undefined marker (FF 01 is TEM,
			 * without length): no frame header before the scan. */
			for (guint j = 2; j + 1 < a->len; j++)
				if (a->data[j] == 0xFF && a->data[j + 1] == 0xC0) {
					a->data[j + 1] = 0xCC;
					break;
				}
		} else if (strcmp(names[i], "tif") == 0) {
			/* TIFF 6.0, section 2: bytes 4-7 are the first IFD's offset. */
			a->data[4] = 0xF0, a->data[5] = 0xFF, a->data[6] = 0xFF, a->data[7] = 0x7F;
		} else if (strcmp(names[i], "gif") == 0) {
			/* GIF89a: the LZW minimum code size follows the image
			 * descriptor (and any local colour table); 12 is out of
			 * range (at most 8 for 8-bit pixels). */
			guint8 *desc = memchr(a->data + 13 + 3 * 256, 0x2C, a->len - 13 - 3 * 256);
			if (!desc) {
				fprintf(stderr, "corpus-gen: no GIF image descriptor\n");
				exit(1);
			}
			desc[10] = 12;
		} else {
			/* WebP (RIFF) and HEIF (ISO BMFF): the header boxes. */
			for (guint j = 12; j < 40 && j < a->len; j++)
				a->data[j] ^= 0x5A;
		}
		snprintf(name, sizeof name, "corrupt.%s", names[i]);
		put(name, a->data, a->len, refuse ? "refuse" : "either");
		g_byte_array_unref(a);

		a = copy_of(b);
		for (guint j = (guint)len / 2; j < len / 2 + 64 && j < len; j++)
			a->data[j] ^= 0xA5;
		snprintf(name, sizeof name, "flipped.%s", names[i]);
		put(name, a->data, a->len, "either");
		g_byte_array_unref(a);
		g_bytes_unref(b);
		g_object_unref(img);
		g_free(gt);
	}
}

/* A minimal baseline TIFF (TIFF 6.0): one uncompressed strip per page of
 * w x h pixels, bands samples of bits bits and sample format fmt (1
 * unsigned, 3 float), the data declared as data_len bytes of zeros. */
static GByteArray *tiff(unsigned w, unsigned h, unsigned bands, unsigned bits,
			unsigned fmt, unsigned data_len)
{
	GByteArray *a = g_byte_array_new();
	const unsigned n = 10, ifd = 8, extra = ifd + 2 + n * 12 + 4;
	const unsigned bps_at = extra, data_at = extra + 2 * bands;

	g_byte_array_append(a, (const guint8 *)"II*\0", 4);
	le32(a, ifd);
	le16(a, n);
	/* tag, type (3 SHORT, 4 LONG), count, value */
	le16(a, 256); le16(a, 4); le32(a, 1); le32(a, w);
	le16(a, 257); le16(a, 4); le32(a, 1); le32(a, h);
	le16(a, 258); le16(a, 3); le32(a, bands);
	if (bands <= 2) { le16(a, bits); le16(a, bands == 2 ? bits : 0); }
	else le32(a, bps_at);
	le16(a, 259); le16(a, 3); le32(a, 1); le32(a, 1);        /* no compression */
	le16(a, 262); le16(a, 3); le32(a, 1); le32(a, bands >= 3 ? 2 : 1);
	le16(a, 273); le16(a, 4); le32(a, 1); le32(a, data_at);
	le16(a, 277); le16(a, 3); le32(a, 1); le32(a, bands);
	le16(a, 278); le16(a, 4); le32(a, 1); le32(a, h);
	le16(a, 279); le16(a, 4); le32(a, 1); le32(a, data_len);
	le16(a, 339); le16(a, 3); le32(a, 1); le32(a, fmt);
	le32(a, 0);
	for (unsigned b = 0; b < bands; b++)
		le16(a, bits);
	if (bands <= 2)
		g_byte_array_set_size(a, data_at);
	guint8 zero[4096] = { 0 };
	for (unsigned left = data_len; left > 0;) {
		unsigned c = MIN(left, sizeof zero);
		g_byte_array_append(a, zero, c);
		left -= c;
	}
	return a;
}

/* Sets the bits of a little-endian bit field in p (a VP8L header). */
static void put_bits(guint8 *p, int at, int n, unsigned v)
{
	for (int i = 0; i < n; i++, at++)
		if (v & (1u << i))
			p[at / 8] |= (guint8)(1 << (at % 8));
		else
			p[at / 8] &= (guint8)~(1 << (at % 8));
}

/* Rewrites the CRC of the PNG chunk whose type starts at t (PNG spec,
 * 5.3: CRC-32 over type and data, big-endian after the data). */
static void png_fix_crc(guint8 *t, unsigned data_len)
{
	uLong c = crc32(0, t, 4 + data_len);
	guint8 *at = t + 4 + data_len;
	at[0] = (guint8)(c >> 24), at[1] = (guint8)(c >> 16);
	at[2] = (guint8)(c >> 8), at[3] = (guint8)c;
}

/* Sets the PNG's IHDR width and height (big-endian) and fixes its CRC. */
static void png_set_size(GByteArray *a, unsigned w, unsigned h)
{
	guint8 *t = memmem(a->data, a->len, "IHDR", 4);
	guint8 v[8] = { w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h };
	memcpy(t + 4, v, 8);
	png_fix_crc(t, 13);
}

/* Appends a PNG chunk. */
static void png_chunk(GByteArray *a, const char *type, const guint8 *data,
		      unsigned len)
{
	guint8 n[4] = { len >> 24, len >> 16, len >> 8, len };
	g_byte_array_append(a, n, 4);
	g_byte_array_append(a, (const guint8 *)type, 4);
	g_byte_array_append(a, data, len);
	guint8 crc[4] = { 0 };
	g_byte_array_append(a, crc, 4);
	png_fix_crc(a->data + a->len - 4 - len - 4, len);
}

/* A 1-bit grey PNG of side x side zeros: a few hundred kilobytes that
 * declare side^2 pixels (a decompression bomb). */
static GByteArray *png_bomb(unsigned side)
{
	unsigned row = 1 + (side + 7) / 8;
	z_stream z = { 0 };
	guint8 *line = g_malloc0(row), out[65536];
	GByteArray *idat = g_byte_array_new(), *a = g_byte_array_new();
	guint8 ihdr[13] = { side >> 24, side >> 16, side >> 8, side,
			    side >> 24, side >> 16, side >> 8, side, 1, 0, 0, 0, 0 };

	deflateInit(&z, 9);
	for (unsigned y = 0; y < side; y++) {
		z.next_in = line;
		z.avail_in = row;
		do {
			z.next_out = out;
			z.avail_out = sizeof out;
			deflate(&z, y + 1 == side ? Z_FINISH : Z_NO_FLUSH);
			g_byte_array_append(idat, out, (guint)(sizeof out - z.avail_out));
		} while (z.avail_out == 0);
	}
	deflateEnd(&z);
	g_byte_array_append(a, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
	png_chunk(a, "IHDR", ihdr, 13);
	png_chunk(a, "IDAT", idat->data, idat->len);
	png_chunk(a, "IEND", NULL, 0);
	g_byte_array_unref(idat);
	g_free(line);
	return a;
}

/* Huge declared dimensions, decompression bombs, zero sizes, and what
 * libvips decodes but a document is not (64 bands, float samples, 300
 * frames). All refused from the header. */
static void limits(int *k)
{
	char *gt;
	VipsImage *img = sample(*k, &gt), *small;
	(*k)++;
	if (vips_resize(img, &small, 0.1, NULL))
		die("small");

	GBytes *b = save(small, ".png");
	GByteArray *a = copy_of(b);
	png_set_size(a, 100000, 100000);
	put("huge.png", a->data, a->len, "refuse");
	g_byte_array_unref(a);
	a = copy_of(b);
	png_set_size(a, 0, 64);
	put("zero-width.png", a->data, a->len, "refuse");
	g_byte_array_unref(a);
	g_bytes_unref(b);

	a = png_bomb(30000);
	put("bomb.png", a->data, a->len, "refuse");
	g_byte_array_unref(a);

	/* JPEG: SOF0 (ITU T.81, B.2.2) height and width, big-endian. */
	b = save(small, ".jpg");
	a = copy_of(b);
	for (guint j = 2; j + 9 < a->len; j++)
		if (a->data[j] == 0xFF && a->data[j + 1] == 0xC0) {
			a->data[j + 5] = 0xFD, a->data[j + 6] = 0xE8; /* 65000 */
			a->data[j + 7] = 0xFD, a->data[j + 8] = 0xE8;
			break;
		}
	put("huge.jpg", a->data, a->len, "refuse");
	g_byte_array_unref(a);
	g_bytes_unref(b);

	/* GIF89a: logical screen (bytes 6-9) and the image descriptor. */
	b = save(small, ".gif");
	a = copy_of(b);
	a->data[6] = a->data[7] = a->data[8] = a->data[9] = 0xFF;
	guint8 *desc = memchr(a->data + 13 + 3 * 256, 0x2C, a->len - 13 - 3 * 256);
	if (!desc)
		die("gif descriptor");
	desc[5] = desc[6] = desc[7] = desc[8] = 0xFF;
	put("huge.gif", a->data, a->len, "refuse");
	a->data[6] = a->data[7] = a->data[8] = a->data[9] = 0;
	desc[5] = desc[6] = desc[7] = desc[8] = 0;
	put("zero.gif", a->data, a->len, "refuse");
	g_byte_array_unref(a);
	g_bytes_unref(b);

	a = tiff(1000000, 1000000, 1, 8, 1, 64);
	put("huge.tif", a->data, a->len, "refuse");
	g_byte_array_unref(a);
	a = tiff(0, 0, 1, 8, 1, 64);
	put("zero.tif", a->data, a->len, "refuse");
	g_byte_array_unref(a);
	a = tiff(64, 64, 3, 32, 3, 64 * 64 * 3 * 4);
	put("float.tif", a->data, a->len, "refuse");
	g_byte_array_unref(a);

	/* WebP lossless (VP8L, "WebP Lossless Bitstream", 3.2.1): 14 bits
	 * of width - 1 and height - 1 after the signature byte 0x2f. */
	VipsImage *mem = vips_image_copy_memory(small);
	uint8_t *webp = NULL;
	size_t wl = WebPEncodeLosslessRGB(VIPS_IMAGE_ADDR(mem, 0, 0), mem->Xsize,
					  mem->Ysize, VIPS_IMAGE_SIZEOF_LINE(mem), &webp);
	guint8 *vp8l = wl ? memmem(webp, wl, "VP8L", 4) : NULL;
	if (!vp8l)
		die("VP8L");
	put_bits(vp8l + 9, 0, 14, 16383);
	put_bits(vp8l + 9, 14, 14, 16383);
	put("huge.webp", webp, wl, "refuse");
	WebPFree(webp);
	g_object_unref(mem);

	/* Issue 18: 64 bands of 2000 x 2000 in a few hundred kilobytes. */
	VipsImage *black;
	if (vips_black(&black, 2000, 2000, "bands", 64, NULL))
		die("black");
	b = save(black, ".tif[compression=deflate]");
	put_bytes("bands64.tif", b, "refuse");
	g_bytes_unref(b);
	g_object_unref(black);
	/* A card with five extra bands (item 1's reproduction). */
	VipsImage *extra;
	double zeros[5] = { 0 };
	if (vips_bandjoin_const(img, &extra, zeros, 5, NULL))
		die("bands");
	b = save(extra, ".tif[compression=deflate]");
	put_bytes("bands8-card.tif", b, "refuse");
	g_bytes_unref(b);
	g_object_unref(extra);

	/* 300 frames of 4 x 4: over the 100 pages a document may have. */
	VipsImage *strip, *strip8;
	if (vips_black(&strip, 4, 4 * 300, "bands", 3, NULL) ||
	    vips_cast_uchar(strip, &strip8, NULL))
		die("frames");
	vips_image_set_int(strip8, VIPS_META_PAGE_HEIGHT, 4);
	b = save(strip8, ".gif");
	put_bytes("frames300.gif", b, "refuse");
	g_bytes_unref(b);
	g_object_unref(strip8);
	g_object_unref(strip);

	g_object_unref(small);
	g_object_unref(img);
	g_free(gt);
}

int main(int argc, char **argv)
{
	int k = 0;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: corpus-gen SAMPLES OUT [SCALE]\n");
		return 64;
	}
	if (VIPS_INIT(argv[0]))
		die("vips");
	samples = argv[1];
	out_dir = argv[2];
	if (argc == 4)
		scale = g_ascii_strtod(argv[3], NULL);
	if (!(scale > 0 && scale <= 1)) {
		fprintf(stderr, "corpus-gen: SCALE is in (0, 1]\n");
		return 64;
	}
	g_mkdir_with_parents(out_dir, 0755);
	char *path = g_build_filename(out_dir, "expect", NULL);
	if (!(expect = fopen(path, "w")))
		die(path);
	not_images();
	damaged(&k);
	limits(&k);
	awkward_formats(&k);
	pages_and_frames();
	orientations(&k);
	mpf(&k);
	polyglots(&k);
	if (fclose(expect))
		die(path);
	printf("corpus-gen: %d files in %s\n", made, out_dir);
	g_free(path);
	vips_shutdown();
	return 0;
}
