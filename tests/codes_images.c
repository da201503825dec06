/* codes_images.c — test images for the barcode and QR finder (codes.c).
 *
 *   codes-images OUTDIR
 *
 * Draws symbols with libzint (QR, Code 128, Code 39, EAN-13, PDF417,
 * Data Matrix square and rectangular, Aztec compact and full) onto
 * card-like backgrounds (tint, fine background lines,
 * text, a photo box), turns and scales the card, and saves it as JPEG
 * (block artefacts) or PNG. Some symbols are damaged on purpose so that
 * zbar cannot read them: bars scratched out across the middle, a QR with
 * one finder pattern half erased and modules wiped, a symbol rendered at
 * too low a resolution. One card holds text only.
 *
 * OUTDIR/codes.txt gets one line per symbol:
 *   FILE KIND DAMAGED X Y W H
 * the symbol's own extent (quiet zone excluded) in the pixels of the saved
 * image, found by carrying a mask of the symbol through the same turn and
 * scale. A card without symbols gets the line "FILE none 0 0 0 0 0".
 * The data encoded is made up.
 *
 *   codes-images --sweep SEED N OUTDIR
 *
 * draws N cards of one class instead, each afresh from SEED: one symbol
 * of any kind above, of random data and length, whose modules come out
 * 0.8 to 2.6 pixels wide on a card scaled to 800-2400 px on its long side
 * (where codes_find() reads at full size only), turned by any angle,
 * blurred or not, JPEG or PNG. Same codes.txt; the seed is printed.
 *
 *   codes-images --sweep-bars SEED N OUTDIR
 *
 * the same cards, of 1-D symbols only (Code 128, Code 39, EAN-13): the
 * class whose mask must reach the bars' ends and the first and last bar
 * (codes.c bars_extent(), and the growth of grid_decide()).
 *
 *   codes-images --sweep-short-bars SEED N OUTDIR
 *
 * the same 1-D cards turned by a quarter turn (0, 90, 180 or 270),
 * blurred (sigma 0.55-0.8) and scaled to 1700-2130 px: zbar reads there
 * at full and half size but not doubled (codes.c ZBAR_TWICE_SIDE), and
 * their bars (modules of 1.7-2.1 px; a Code 128's or Code 39's 15
 * modules long), blurred, are read by zbarimg at twice the size only,
 * so the structural finder alone must find them (codes.c
 * BARS_MIN_ACROSS: 8 of 200 such cards were missed before it, seeds
 * 2801195098 and 4183175003).
 *
 *   codes-images --sweep-thin-bars SEED N OUTDIR
 *
 * the same 1-D cards sharp, with modules of 0.95-1.3 px, tilted 10 to
 * 25 degrees either way: the structural finder's windows over such
 * short bars always hold some of their ends, whose edges run the other
 * way, and the region's coherence came out 0.68-0.78, under
 * BARS_COHERENT, and the gradient's direction over them is biased
 * (codes.c SHORT_BARS_COHERENT, bars_normal()); and at about a pixel a
 * module the 3x3 Sobel hardly sees the bars, so on 9-25 % of a seed's
 * cards no window was dense enough and nothing was found until the
 * finder read them doubled (codes.c thin_bars()). zbarimg reads part of
 * such bars now and then (as an Interleaved 2 of 5: no straight scan
 * line crosses them all). Before those two, 2 of the 200 cards of seeds
 * 3292862225 and 3376266180 failed codes.sh's judge (one read and 7 %
 * masked, one read after redaction only), and 2 of the 100 of seed
 * 4043682674 (read, 22 and 77 % masked).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>
#include <zint.h>

#define CARD_W 1012 /* 85.6 x 54 mm (ISO/IEC 7810 ID-1) at 300 dpi */
#define CARD_H 638

typedef struct symbol_spec {
	int symbology;      /* BARCODE_* */
	const char *kind;   /* as codes_find() reports it */
	const char *data;
	int module_px;      /* pixels per module before the card is scaled */
	int x, y;           /* where on the card */
	int damage;         /* 0 none, 1 bars scratched, 2 finder erased */
	int option_2;       /* zint's size option (Data Matrix 27: 12 x 26
			     * modules), 0 automatic */
} symbol_spec;

typedef struct card_spec {
	const char *name;   /* file name */
	double angle;       /* degrees clockwise */
	double scale;
	int jpeg_q;         /* 0: PNG */
	double blur;        /* sigma of a blur after scaling, 0 none */
	int n;
	symbol_spec sym[2];
} card_spec;

static const card_spec cards[] = {
	{ "vn_qr.jpg", 8, 1.0, 80, 0, 1,
	  { { BARCODE_QRCODE, "qr",
	      "001099012345|123456789|Nguyen Van An|01011990|Nam|"
	      "So 1 Pho Hue, Ha Noi|15082021", 3, 760, 80, 0, 0 } } },
	{ "sg_code128.jpg", 90, 0.9, 85, 0, 1,
	  { { BARCODE_CODE128, "barcode", "S1234567D", 3, 300, 420, 0, 0 } } },
	{ "code39_tilt.png", -4, 0.8, 0, 0, 1,
	  { { BARCODE_CODE39, "barcode", "S7654321B", 2, 260, 440, 0, 0 } } },
	{ "ean13_flip.jpg", 180, 1.1, 80, 0, 1,
	  { { BARCODE_EANX, "barcode", "590123412345", 3, 560, 380, 0, 0 } } },
	{ "form_pdf417.jpg", -7, 1.0, 80, 0, 1,
	  { { BARCODE_PDF417, "pdf417",
	      "ID 001099012345 NGUYEN VAN AN 1990-01-01", 2, 120, 380, 0, 0 } } },
	{ "datamatrix_30.jpg", 30, 1.0, 85, 0, 1,
	  { { BARCODE_DATAMATRIX, "datamatrix", "T0123456789XYZ", 5, 640, 300,
	      0, 0 } } },
	{ "qr_and_bars_45.jpg", 45, 0.7, 80, 0, 2,
	  { { BARCODE_QRCODE, "qr", "B12345678|KIM MIN SU", 4, 700, 60, 0, 0 },
	    { BARCODE_CODE128, "barcode", "880101-1234567", 3, 120, 450,
	      0, 0 } } },
	{ "scratched_bars.jpg", 3, 1.0, 80, 0, 1,
	  { { BARCODE_CODE128, "barcode", "S1234567D", 3, 300, 420, 1, 0 } } },
	{ "qr_finder_erased.jpg", 15, 1.0, 85, 0, 1,
	  { { BARCODE_QRCODE, "qr", "079200001234|Tran Thi Binh|02021992", 4,
	      700, 80, 2, 0 } } },
	{ "lowres_qr.jpg", 20, 0.45, 70, 0.7, 1,
	  { { BARCODE_QRCODE, "qr",
	      "001099012345|123456789|Nguyen Van An|01011990", 3, 700, 80,
	      0, 0 } } },
	{ "lowres_bars.jpg", 0, 0.4, 70, 0.6, 1,
	  { { BARCODE_CODE128, "barcode", "S1234567D-8801011234567", 3, 200,
	      430, 0, 0 } } },
	{ "text_only.jpg", 6, 1.0, 80, 0, 0, { { 0 } } },
	/* 1-D symbols of one-pixel modules and short bars (15 modules),
	 * blurred: the windows over the bars' ends are weak, and the
	 * structural pieces fell short of the bars' ends or missed the
	 * symbol (codes.c grid_decide(), bars_extent()) */
	{ "short_bars_blur.jpg", 180, 1.48, 80, 0.6, 1,
	  { { BARCODE_CODE39, "barcode", "K7Q2M9X4TZ8", 1, 300, 440, 0,
	      0 } } },
	{ "short_bars_90.jpg", 90, 1.45, 80, 0.6, 1,
	  { { BARCODE_CODE39, "barcode", "7GH2K9QW3M4TX8", 1, 320, 420, 0,
	      0 } } },
	{ "ean13_90_blur.png", 90, 1.41, 0, 0.7, 1,
	  { { BARCODE_EANX, "barcode", "763331615180", 1, 420, 420, 0,
	      0 } } },
	/* the same class turned 14 degrees, 1.4 px per module, blurred:
	 * zbar read it from a sharp double of the image only (codes.c
	 * grey_doubled()), and module_of() made its quiet zone cover the
	 * text around it (--sweep-bars 4017764662 card 11: its symbol and
	 * settings) */
	{ "short_bars_tilt14.png", 13.88, 1.408, 0, 0.61, 1,
	  { { BARCODE_CODE128, "barcode", "7AKQSOIFNI9L8JKUD1S6", 1, 421, 407,
	      0, 0 } } },
	/* the same class at 1.7 px per module on a card of 1700 px and over,
	 * where zbar no longer reads at twice the size: the structural
	 * finder's region over bars 26 px long was two blocks wide and was
	 * dropped (codes.c BARS_MIN_ACROSS; --sweep-bars 1126945209 card 9,
	 * drawn again) */
	{ "short_bars_270_large.png", 270, 1.706464485, 0, 0.709003514, 1,
	  { { BARCODE_CODE128, "barcode", "73I9YS4XTMUH7LEUSH6BY", 1, 361,
	      471, 0, 0 } } },
	/* the same class upright on a card of 1762 px: zbar read it at one
	 * point, a pixel above the bars' lower end, where the blur leaves
	 * them too faint for a line across; the box stayed a 48 x 16 corner
	 * of the 451 x 26 symbol (codes.c bars_extent(), the line of most
	 * contrast; the symbol and settings of --sweep-short-bars 1651716985
	 * card 4) */
	{ "short_bars_read_at_end.jpg", 0, 1.73981135, 65, 0.729558635, 1,
	  { { BARCODE_CODE39, "barcode", "QLDS6711YUUKETPDZ7", 1, 508, 454, 0,
	      0 } } },
	/* the same class upside down on a card of 1724 px, which the
	 * structural finder reads at full size and zbar not doubled: no
	 * window dense enough over the blurred bars, nothing found until
	 * the thin-bars pass read the full-size image for cards of that size
	 * too (codes.c thin_bars(); the symbol and settings of
	 * --sweep-short-bars 1350457342 card 11) */
	{ "short_bars_1724.jpg", 180, 1.70347295, 72, 0.797593314, 1,
	  { { BARCODE_CODE39, "barcode", "Z0YX79HQYMHH9", 1, 750, 423, 0,
	      0 } } },
	/* sharp, 1.18 px per module, tilted 22 degrees: every window over
	 * the bars holds some of their ends, the region's coherence is under
	 * BARS_COHERENT, and as a 2-D piece it was dropped (codes.c
	 * SHORT_BARS_COHERENT; the symbol and settings of --sweep-thin-bars
	 * 4043682674 card 41; the card that showed the class, 3292862225
	 * card 40, also holds a false reading of zbar's far off the bars) */
	{ "thin_bars_tilt22.jpg", 21.8128339, 1.18375153, 68, 0, 1,
	  { { BARCODE_CODE128, "barcode", "APH1Q77QM7M9C", 1, 672, 385, 0,
	      0 } } },
	/* the same class, 1.01 px per module, tilted 18 degrees: the
	 * gradient's direction in the box came out 10 degrees off, and the
	 * lines across the bars left the box short of their ends, 72 % of
	 * the symbol masked (codes.c bars_normal(); --sweep-thin-bars
	 * 4043682674 card 39, drawn again) */
	{ "thin_bars_tilt18.jpg", -17.6634335, 1.00549083, 83, 0, 1,
	  { { BARCODE_CODE128, "barcode", "7TAJUH1OH2NDQBS5GD5G28", 1, 593,
	      374, 0, 0 } } },
	/* the same class, a Code 39 of 1.1 px per module tilted 19 degrees:
	 * no window of the block map was dense enough at that size (the
	 * 3x3 Sobel hardly sees bars a pixel wide), no region, nothing
	 * masked; doubled it is found (codes.c thin_bars(); the symbol and
	 * settings of --sweep-thin-bars 3913522975 card 4) */
	{ "thin_bars_code39_tilt19.jpg", 18.7373452, 1.09762769, 75, 0, 1,
	  { { BARCODE_CODE39, "barcode", "WKAIJU7C", 1, 723, 464, 0, 0 } } },
	/* short bars of 1.6 px per module, blurred, tilted 30 degrees on a
	 * card of 1933 px: the thin-bars pass found them, then joined them to
	 * the strokes of text lines some 480 px off their axis, within three
	 * short sides of the tilted bars' upright box; the joined box, mostly
	 * no bars, was dropped and nothing masked (codes.c bars_in_line();
	 * the symbol and settings of --sweep-bars 1505318881 card 42) */
	{ "short_bars_tilt30_text.png", 29.7966951, 1.61728292, 0, 0.648554695,
	  1, { { BARCODE_CODE39, "barcode", "G3RO5VF8VA35V", 1, 442, 530, 0,
		 0 } } },
	/* short bars of 1.4 px per module, blurred, upside down on a card of
	 * 1394 px: the thin-bars pass found 214 of their 339 px, and the box
	 * was not grown to their ends: over the box the bars' ends, at full
	 * contrast, outweighed the soft bars, its gradient's coherence 0.52
	 * (codes.c BARS_BOX_COHERENT; the symbol and settings of
	 * --sweep-bars 701923878 card 53) */
	{ "short_bars_180_soft.jpg", 180, 1.37779376, 72, 0.724338237, 1,
	  { { BARCODE_CODE39, "barcode", "LXXMJMYFGVI5Q5O95", 1, 400, 498, 0,
	      0 } } },
	/* short bars of 0.94 px per module, blurred, tilted 17 degrees:
	 * doubled, a band of windows along the bars 0.5-2 dense, a few over
	 * THIN_BARS_EDGES, in pieces too small to keep; nothing masked
	 * (codes.c THIN_BARS_WEAK; the symbol and settings of --sweep-bars
	 * 701923878 card 17) */
	{ "short_bars_soft_tilt17.png", 16.963795, 0.94300885, 0, 0.560685992,
	  1, { { BARCODE_CODE128, "barcode", "2XRB6E58630W", 1, 642, 520, 0,
		 0 } } },
	/* short bars of 1.5 px per module, blurred, tilted 25 degrees, text
	 * lines beside them: 40 % masked before THIN_BARS_WEAK, and then the
	 * box ran on over the text (module_of() made the modules 8 px;
	 * codes.c bars_extent(); the symbol and settings of --sweep-bars
	 * 1344603718 card 93) */
	{ "short_bars_soft_tilt25.jpg", 25.3464674, 1.50551514, 85, 0.701764537,
	  1, { { BARCODE_CODE39, "barcode", "7FAWC3CSZ30Q7B4QVLZBH", 1, 393,
		 393, 0, 0 } } },
	/* PDF417 turned a quarter both ways: lines across it meet the start
	 * pattern from either end */
	{ "pdf417_90.png", 90, 1.0, 0, 0, 1,
	  { { BARCODE_PDF417, "pdf417",
	      "ID 001099012345 NGUYEN VAN AN 1990-01-01", 3, 120, 380, 0, 0 } } },
	{ "pdf417_270.jpg", 270, 1.3, 85, 0, 1,
	  { { BARCODE_PDF417, "pdf417", "S1234567D|TAN AH KOW|1980-02-03", 2,
	      300, 400, 0, 0 } } },
	/* compact PDF417 has no stop pattern, only a one-module bar
	 * (ISO/IEC 15438, Annex G), so only the start pattern names it; one
	 * of the two quarter turns shows it to the lines backwards */
	{ "pdf417c_90.jpg", 90, 1.0, 85, 0, 1,
	  { { BARCODE_PDF417COMP, "pdf417", "S1234567D|TAN AH KOW|1980-02-03",
	      3, 200, 400, 0, 0 } } },
	{ "pdf417c_270.jpg", 270, 1.0, 85, 0, 1,
	  { { BARCODE_PDF417COMP, "pdf417", "S1234567D|TAN AH KOW|1980-02-03",
	      3, 200, 400, 0, 0 } } },
	/* Data Matrix rectangular (ISO/IEC 16022, table 7: 12 x 26) and
	 * square, Aztec compact (under 28 modules, one bullseye ring less)
	 * and full range (ISO/IEC 24778), each named as its kind */
	{ "datamatrix_rect.jpg", -6, 1.0, 85, 0, 1,
	  { { BARCODE_DATAMATRIX, "datamatrix", "S1234567D1990", 6, 620, 380,
	      0, 27 } } },
	{ "datamatrix_upright.png", 0, 1.0, 0, 0, 1,
	  { { BARCODE_DATAMATRIX, "datamatrix", "T0123456789XYZ", 5, 700, 360,
	      0, 0 } } },
	{ "aztec_compact.jpg", 12, 1.0, 85, 0, 1,
	  { { BARCODE_AZTEC, "aztec", "S1234567D|TAN AH KOW", 5, 700, 330,
	      0, 0 } } },
	{ "aztec_full.png", -20, 0.9, 0, 0, 1,
	  { { BARCODE_AZTEC, "aztec",
	      "001099012345|123456789|Nguyen Van An|01011990|Nam|"
	      "So 1 Pho Hue, Ha Noi|15082021", 4, 640, 250, 0, 0 } } },
};

/* The sweep's random numbers (--sweep); NULL for the fixed cards. */
static GRand *sweep_rng;

/* Returns 0 on success, -1 with vips' error buffer set. */
static int draw_text(VipsImage *card, const char *text, int x, int y,
		     int dpi)
{
	VipsImage *t = NULL;
	int rc = -1;
	double colour[3] = { 40, 40, 60 };

	if (vips_text(&t, text, "font", "DejaVu Sans", "dpi", dpi, NULL))
		goto out;
	/* text is a 0..255 mask: blend the ink colour in through it */
	if (vips_draw_mask(card, colour, 3, t, x, y, NULL))
		goto out;
	rc = 0;
out:
	g_clear_object(&t);
	return rc;
}

/* A tinted card with faint wavy background lines, text and a photo box.
 * Returns a 3-band uchar memory image, or NULL. */
static VipsImage *card_background(void)
{
	VipsImage *xy = NULL, *x = NULL, *y = NULL, *w = NULL, *s = NULL,
		  *rgb = NULL, *card = NULL;
	double tint_a[3] = { 0, 6, -10 }, tint_b[3] = { 228, 234, 238 };
	double photo[3] = { 150, 140, 130 };

	if (vips_xyz(&xy, CARD_W, CARD_H, NULL) ||
	    vips_extract_band(xy, &x, 0, NULL) ||
	    vips_extract_band(xy, &y, 1, NULL))
		goto out;
	/* guilloche-like: sin(x / 9 + 4 sin(y / 37)), low contrast */
	{
		VipsImage *t1 = NULL, *t2 = NULL, *t3 = NULL;
		int bad = vips_linear1(y, &t1, 1.0 / 37, 0, NULL) ||
			  vips_math(t1, &t2, VIPS_OPERATION_MATH_SIN, NULL) ||
			  vips_linear1(t2, &t3, 4 * 180 / M_PI, 0, NULL);
		g_clear_object(&t1);
		if (!bad) {
			bad = vips_linear1(x, &t1, 180 / M_PI / 9, 0, NULL) ||
			      vips_add(t1, t3, &w, NULL);
		}
		g_clear_object(&t1);
		g_clear_object(&t2);
		g_clear_object(&t3);
		if (bad || vips_math(w, &s, VIPS_OPERATION_MATH_SIN, NULL))
			goto out;
	}
	/* s in -1..1: each band = base + 8 s */
	{
		VipsImage *t1 = NULL, *sss = NULL;
		VipsImage *bands[3] = { s, s, s };
		double a[3] = { 8, 8, 8 }, base[3];
		int bad;
		for (int i = 0; i < 3; i++)
			base[i] = tint_b[i] + tint_a[i];
		bad = vips_bandjoin(bands, &sss, 3, NULL) ||
		      vips_linear(sss, &t1, a, base, 3, NULL) ||
		      vips_cast_uchar(t1, &rgb, NULL);
		g_clear_object(&t1);
		g_clear_object(&sss);
		if (bad)
			goto out;
	}
	if (!(card = vips_image_copy_memory(rgb)))
		goto out;
	if (vips_draw_rect(card, photo, 3, 40, 150, 230, 300, "fill", TRUE,
			   NULL))
		goto out;
	if (draw_text(card, "<b>CĂN CƯỚC CÔNG DÂN</b>", 300, 40, 300) ||
	    draw_text(card, "Citizen Identity Card", 300, 110, 220) ||
	    draw_text(card, "Họ và tên / Full name: NGUYỄN VĂN AN", 300, 170,
		      200) ||
	    draw_text(card, "Ngày sinh / Date of birth: 01/01/1990", 300,
		      220, 200) ||
	    draw_text(card, "Quê quán: Hà Nội, Việt Nam", 300, 270, 200) ||
	    draw_text(card, "Nơi thường trú: Số 1 Phố Huế, Hai Bà Trưng",
		      300, 320, 200) ||
	    draw_text(card, "Có giá trị đến: 01/01/2035", 40, 560, 200)) {
		g_clear_object(&card);
		goto out;
	}
out:
	g_clear_object(&xy);
	g_clear_object(&x);
	g_clear_object(&y);
	g_clear_object(&w);
	g_clear_object(&s);
	g_clear_object(&rgb);
	return card;
}

/* Bounding box of the pixels of band 0 of im that are dark (under 128)
 * when dark, light (128 or more) otherwise; the whole of im when there
 * are none. */
static void band_box(VipsImage *im, bool dark, int *x, int *y, int *w,
		     int *h)
{
	VipsImage *mem = vips_image_copy_memory(im);
	int x0 = im->Xsize, y0 = im->Ysize, x1 = -1, y1 = -1;

	for (int j = 0; mem && j < mem->Ysize; j++) {
		const unsigned char *row = VIPS_IMAGE_ADDR(mem, 0, j);
		for (int i = 0; i < mem->Xsize; i++) {
			if ((row[i * mem->Bands] < 128) != dark)
				continue;
			x0 = i < x0 ? i : x0;
			x1 = i > x1 ? i : x1;
			y0 = j < y0 ? j : y0;
			y1 = j > y1 ? j : y1;
		}
	}
	if (mem)
		g_object_unref(mem);
	if (x1 < 0) {
		*x = *y = 0;
		*w = im->Xsize;
		*h = im->Ysize;
		return;
	}
	*x = x0;
	*y = y0;
	*w = x1 - x0 + 1;
	*h = y1 - y0 + 1;
}

/* Draw sym onto card and white into mask where the symbol lies.
 * Returns 0, or -1 after printing why. */
static int draw_symbol(VipsImage *card, VipsImage *mask, const symbol_spec *sp)
{
	struct zint_symbol *z = ZBarcode_Create();
	int x = sp->x, y = sp->y;
	VipsImage *bm = NULL, *big = NULL;
	int rc = -1, e;
	double white[1] = { 255 }, bg[3] = { 250, 250, 250 };

	z->symbology = sp->symbology;
	z->option_2 = sp->option_2;
	z->show_hrt = 0;
	z->scale = 0.5f; /* zint raster: 2 * scale pixels per module */
	if (sp->symbology == BARCODE_CODE128 || sp->symbology == BARCODE_CODE39)
		z->height = 15;
	e = ZBarcode_Encode_and_Buffer(z, (const unsigned char *)sp->data,
				       (int)strlen(sp->data), 0);
	if (e >= ZINT_ERROR) {
		fprintf(stderr, "zint: %s\n", z->errtxt);
		goto out;
	}
	bm = vips_image_new_from_memory_copy(z->bitmap,
		(size_t)z->bitmap_width * z->bitmap_height * 3,
		z->bitmap_width, z->bitmap_height, 3, VIPS_FORMAT_UCHAR);
	if (!bm || vips_zoom(bm, &big, sp->module_px, sp->module_px, NULL))
		goto out;
	if (sp->x < 0) {
		/* placed at random right of the photo box, inside the card */
		int room_x = CARD_W - 300 - big->Xsize - 40;
		int room_y = CARD_H - 360 - big->Ysize - 30;
		x = 300 + (room_x > 0 ? g_rand_int_range(sweep_rng, 0, room_x) : 0);
		y = room_y > 0 ? 360 + g_rand_int_range(sweep_rng, 0, room_y)
			       : MAX(30, CARD_H - big->Ysize - 30);
	}
	/* a white quiet zone, as printed cards have */
	{
		int q = sp->module_px * (sp->symbology == BARCODE_QRCODE ? 4 : 10);
		if (vips_draw_rect(card, bg, 3, x - q, y - q,
				   big->Xsize + 2 * q, big->Ysize + 2 * q,
				   "fill", TRUE, NULL))
			goto out;
	}
	/* The truth is the symbol's modules: the box of its dark pixels.
	 * zint's bitmap holds an EAN-13's quiet zones too (the light
	 * margins before and after its guard bars). */
	{
		int bx, by, bw, bh;
		band_box(big, true, &bx, &by, &bw, &bh);
		if (vips_draw_image(card, big, x, y, NULL) ||
		    vips_draw_rect(mask, white, 1, x + bx, y + by, bw,
				   bh, "fill", TRUE, NULL))
			goto out;
	}
	if (sp->damage == 1) {
		/* bars scratched: a band a fifth of the width across every bar */
		int w = big->Xsize / 5;
		if (vips_draw_rect(card, bg, 3, x + 2 * w, y - 2, w,
				   big->Ysize + 4, "fill", TRUE, NULL) ||
		    vips_draw_line(card, bg, 3, x + w, y + big->Ysize,
				   x + 4 * w, y, NULL))
			goto out;
	} else if (sp->damage == 2) {
		/* the top-left finder pattern (7 x 7 modules) half erased, and
		 * a wiped stripe: zbar's QR reader needs all three finders */
		int m = sp->module_px;
		if (vips_draw_rect(card, bg, 3, x, y, 7 * m, 4 * m,
				   "fill", TRUE, NULL) ||
		    vips_draw_rect(card, bg, 3, x + 9 * m,
				   y + big->Ysize / 2, big->Xsize / 3, 3 * m,
				   "fill", TRUE, NULL))
			goto out;
	}
	rc = 0;
out:
	g_clear_object(&bm);
	g_clear_object(&big);
	ZBarcode_Delete(z);
	return rc;
}

/* Turn and scale im (background bg). Returns the new image or NULL. */
static VipsImage *turn(VipsImage *im, const card_spec *c, double bg)
{
	VipsImage *out = NULL;
	double bgv[3] = { bg, bg, bg };
	VipsArrayDouble *a = vips_array_double_new(bgv, im->Bands);

	if (vips_similarity(im, &out, "angle", c->angle, "scale", c->scale,
			    "background", a, "interpolate",
			    vips_interpolate_bilinear_static(), NULL))
		out = NULL;
	vips_area_unref(VIPS_AREA(a));
	return out;
}

/* Returns 0 when the card was written, -1 after printing why. */
static int make_card(const char *dir, const card_spec *c, FILE *list)
{
	VipsImage *card = card_background(), *mask = NULL, *tc = NULL,
		  *blurred = NULL, *u = NULL;
	VipsImage *tm[2] = { NULL, NULL };
	int rc = -1;
	char *path = g_build_filename(dir, c->name, NULL);

	if (!card)
		goto out;
	for (int i = 0; i < c->n; i++) {
		if (vips_black(&mask, CARD_W, CARD_H, NULL) ||
		    !(tm[i] = vips_image_copy_memory(mask)))
			goto out;
		g_clear_object(&mask);
		if (draw_symbol(card, tm[i], &c->sym[i]))
			goto out;
	}
	if (!(tc = turn(card, c, 255)))
		goto out;
	if (c->blur > 0) {
		if (vips_gaussblur(tc, &blurred, c->blur, NULL))
			goto out;
	} else {
		blurred = g_object_ref(tc);
	}
	if (vips_cast_uchar(blurred, &u, NULL))
		goto out;
	if (c->jpeg_q ? vips_jpegsave(u, path, "Q", c->jpeg_q, NULL)
		      : vips_pngsave(u, path, NULL))
		goto out;
	for (int i = 0; i < c->n; i++) {
		VipsImage *m = turn(tm[i], c, 0);
		int x, y, w, h;
		if (!m)
			goto out;
		band_box(m, false, &x, &y, &w, &h);
		g_object_unref(m);
		fprintf(list, "%s %s %d %d %d %d %d\n", c->name, c->sym[i].kind,
			c->sym[i].damage != 0 || c->blur > 0, x, y, w, h);
	}
	if (c->n == 0)
		fprintf(list, "%s none 0 0 0 0 0\n", c->name);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "codes-images: %s: %s\n", c->name,
			vips_error_buffer());
	g_clear_object(&card);
	g_clear_object(&mask);
	g_clear_object(&tc);
	g_clear_object(&blurred);
	g_clear_object(&u);
	g_clear_object(&tm[0]);
	g_clear_object(&tm[1]);
	g_free(path);
	return rc;
}

/* The classes of sweep cards (see the top of this file). */
typedef enum sweep_class {
	SWEEP_ANY,        /* --sweep */
	SWEEP_BARS,       /* --sweep-bars */
	SWEEP_SHORT_BARS, /* --sweep-short-bars */
	SWEEP_THIN_BARS,  /* --sweep-thin-bars */
} sweep_class;

/* Card i of the sweep, drawn from sweep_rng into *c (name into name). */
static void sweep_card(int i, sweep_class class, card_spec *c, char *name,
		       size_t size, char *data, size_t data_size)
{
	/* every kind of the fixed cards; EAN-13 takes 12 digits */
	static const struct { int symbology; const char *kind; } kinds[] = {
		{ BARCODE_QRCODE, "qr" }, { BARCODE_CODE128, "barcode" },
		{ BARCODE_CODE39, "barcode" }, { BARCODE_EANX, "barcode" },
		{ BARCODE_PDF417, "pdf417" }, { BARCODE_PDF417COMP, "pdf417" },
		{ BARCODE_DATAMATRIX, "datamatrix" }, { BARCODE_AZTEC, "aztec" },
	};
	static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	/* kinds 1-3 are the 1-D symbols */
	int k = class != SWEEP_ANY
			? g_rand_int_range(sweep_rng, 1, 4)
			: g_rand_int_range(sweep_rng, 0, G_N_ELEMENTS(kinds));
	bool linear = kinds[k].symbology == BARCODE_CODE128 ||
		      kinds[k].symbology == BARCODE_CODE39 ||
		      kinds[k].symbology == BARCODE_EANX;
	int len = kinds[k].symbology == BARCODE_EANX ? 12
		  : g_rand_int_range(sweep_rng, 8, linear ? 24 : 80);
	bool png = g_rand_boolean(sweep_rng);

	for (int j = 0; j < len && (size_t)j + 1 < data_size; j++)
		data[j] = kinds[k].symbology == BARCODE_EANX
				  ? (char)('0' + g_rand_int_range(sweep_rng, 0, 10))
				  : alnum[g_rand_int_range(sweep_rng, 0, 36)];
	data[MIN((size_t)len, data_size - 1)] = '\0';
	snprintf(name, size, "sweep_%03d.%s", i, png ? "png" : "jpg");
	memset(c, 0, sizeof *c);
	c->name = name;
	c->n = 1;
	c->sym[0] = (symbol_spec){ kinds[k].symbology, kinds[k].kind, data,
				   1, -1, -1, 0, 0 };
	/* long side 800-2400 px: 1012 px * 0.79..2.37 */
	c->scale = g_rand_double_range(sweep_rng, 0.79, 2.37);
	if (c->scale < 1.3 && g_rand_int_range(sweep_rng, 0, 3) == 0)
		c->sym[0].module_px = 2;
	c->angle = g_rand_boolean(sweep_rng)
			   ? 90.0 * g_rand_int_range(sweep_rng, 0, 4)
			   : g_rand_double_range(sweep_rng, -30, 30);
	c->blur = g_rand_boolean(sweep_rng) ? g_rand_double_range(sweep_rng,
								  0.3, 0.8)
					    : 0;
	c->jpeg_q = png ? 0 : g_rand_int_range(sweep_rng, 65, 92);
	/* the narrower classes draw the usual card first, so the cards of
	 * --sweep-bars stay what they were for every seed, then their own */
	if (class == SWEEP_SHORT_BARS) {
		c->angle = 90.0 * g_rand_int_range(sweep_rng, 0, 4);
		c->blur = g_rand_double_range(sweep_rng, 0.55, 0.8);
		c->scale = g_rand_double_range(sweep_rng, 1.68, 2.1);
		c->sym[0].module_px = 1;
	} else if (class == SWEEP_THIN_BARS) {
		c->angle = g_rand_double_range(sweep_rng, 10, 25);
		if (!g_rand_boolean(sweep_rng))
			c->angle = -c->angle;
		c->blur = 0;
		c->scale = g_rand_double_range(sweep_rng, 0.95, 1.3);
		c->sym[0].module_px = 1;
	}
}

int main(int argc, char **argv)
{
	FILE *list;
	char *path, *dir;
	int rc = 0, n = 0;
	guint32 seed = 0;

	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	static const struct { const char *option; sweep_class class; } sweeps[] = {
		{ "--sweep", SWEEP_ANY }, { "--sweep-bars", SWEEP_BARS },
		{ "--sweep-short-bars", SWEEP_SHORT_BARS },
		{ "--sweep-thin-bars", SWEEP_THIN_BARS },
	};
	int class = -1;
	for (size_t i = 0; argc == 5 && i < G_N_ELEMENTS(sweeps); i++)
		if (strcmp(argv[1], sweeps[i].option) == 0)
			class = (int)sweeps[i].class;
	if (class >= 0) {
		seed = (guint32)strtoul(argv[2], NULL, 10);
		n = atoi(argv[3]);
		dir = argv[4];
	} else if (argc == 2) {
		dir = argv[1];
	} else {
		fprintf(stderr, "usage: codes-images OUTDIR\n"
				"       codes-images --sweep SEED N OUTDIR\n"
				"       codes-images --sweep-bars SEED N OUTDIR\n"
				"       codes-images --sweep-short-bars SEED N OUTDIR\n"
				"       codes-images --sweep-thin-bars SEED N OUTDIR\n");
		return 64;
	}
	g_mkdir_with_parents(dir, 0755);
	path = g_build_filename(dir, "codes.txt", NULL);
	if (!(list = fopen(path, "w"))) {
		perror(path);
		return 73;
	}
	if (n > 0) {
		printf("codes-images: sweep seed %u\n", seed);
		sweep_rng = g_rand_new_with_seed(seed);
		for (int i = 0; i < n; i++) {
			card_spec c;
			char name[32], data[96];
			sweep_card(i, (sweep_class)class, &c, name, sizeof name,
				   data, sizeof data);
			if (make_card(dir, &c, list))
				rc = 1;
		}
		g_rand_free(sweep_rng);
	} else {
		for (size_t i = 0; i < G_N_ELEMENTS(cards); i++)
			if (make_card(dir, &cards[i], list))
				rc = 1;
	}
	if (fclose(list))
		rc = 1;
	g_free(path);
	vips_shutdown();
	return rc;
}
