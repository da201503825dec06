/* gen.c — gen-samples: writes the synthetic ID documents the tests and
 * the demo run on, each with its ground truth (NAME.json).
 *
 *   gen-samples --faces DIR --out DIR [--seed N] [--only TEXT]
 *       the fixed sample set below (about 25 files)
 *   gen-samples --geometry --faces DIR --out DIR [--seed N] [--only TEXT]
 *       the rotation set: the set above turned and skewed (write_geometry());
 *   --only (either form): just the samples whose name holds TEXT, each
 *       the same bytes as in the whole set
 *   --part K/N (any form above): only the files whose place in the order
 *       they are written is K modulo N (N processes at once, K = 0..N-1,
 *       write the whole set; every file's bytes are the same either way)
 *   gen-samples --property KIND --count N [--seed S] --out DIR
 *       N pages each carrying several random valid values of KIND in
 *       varied fonts, sizes and groupings (for the property test)
 *
 * Output is deterministic: every sample draws from its own GRand seeded
 * from (seed, sample index) by MT19937's array seeding, so the same seed gives the same files, and
 * adding a sample leaves the others unchanged.
 * Exit status: 0 done, 64 usage, 66 a face photo is missing, 70 a
 * document could not be drawn or written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <zint.h>

#include "gen.h"

/* --part K/N: this process writes the files whose place is k modulo n. */
static unsigned part_k = 0, part_n = 1;

static bool in_part(size_t place)
{
	return place % part_n == part_k;
}

/* One file of the fixed set: which template, how it is varied and how it
 * is written. Rotations and skews are where a phone photo or a careless
 * scan puts them; resolutions span 150-400 dpi. */
typedef struct sample {
	const char *name;
	doc_template draw;
	variant v;
	const char *format;
	int quality;
	int rotate;
	double skew;
	const photo_spec *photo; /* a phone photo of the document, or NULL */
} sample;

/* Phone photos: the card on a desk, tilted up to 15 degrees, corners
 * moved up to 8 % of its width, light falling off to one side. */
static const photo_spec photo_wood_tilt = { DESK_WOOD, 8, 0.06, 0.62, 0.8, 2200, 1 };
static const photo_spec photo_fabric_persp = { DESK_FABRIC, -12, 0.08, 0.7, 0.6, 2400, 1 };
static const photo_spec photo_wood_steep = { DESK_WOOD, 15, 0.05, 0.75, 0.7, 2600, 1 };
static const photo_spec photo_plain_exif = { DESK_PLAIN, -5, 0.08, 0.6, 0.9, 2000, 6 };
static const photo_spec photo_small_soft = { DESK_FABRIC, 10, 0.04, 0.42, 1.3, 2000, 1 };
static const photo_spec photo_wood_back = { DESK_WOOD, -15, 0.07, 0.66, 0.8, 2200, 1 };

/* Hard portraits: the photo a small snapshot blown up into the box
 * (its face 40-60 pixels across first), soft, noisy or faded. */
static const photo_wear wear_small = { 44, 0, 0, 1 };
static const photo_wear wear_soft = { 40, 0.022, 0, 1 };
static const photo_wear wear_noisy = { 60, 0.004, 16, 1 };
static const photo_wear wear_faded = { 48, 0.008, 4, 0.25 };
static const photo_wear wear_worst = { 30, 0.016, 12, 0.3 };
static const photo_spec photo_plain_hard = { DESK_PLAIN, 7, 0.05, 0.6, 0.9, 2200, 1 };

static const sample sample_set[] = {
	/* Thailand: upright at 300 dpi is the OCR reference. */
	{ "th_card_01", doc_th_front, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 92, 0, 0, NULL },
	{ "th_card_02", doc_th_front, { 150, 1, FACE_ASTRONAUT_TIGHT, TINT_WARM, 1.1 }, "jpg", 70, 0, 0, NULL },
	{ "th_card_03", doc_th_front, { 300, 2, FACE_ASTRONAUT_FLIP, TINT_NONE, 1 }, "jpg", 85, 90, 0, NULL },
	{ "th_card_04", doc_th_front, { 250, 3, FACE_ASTRONAUT, TINT_COOL, 0.95 }, "png", 0, 180, 0, NULL },
	{ "th_card_05", doc_th_front, { 350, 0, FACE_ASTRONAUT_TIGHT, TINT_NONE, 1 }, "jpg", 80, 270, 0, NULL },
	{ "th_card_06", doc_th_front, { 300, 1, FACE_MESSI, TINT_NONE, 1.05 }, "jpg", 75, 0, 3, NULL },
	/* Singapore. */
	{ "sg_front_01", doc_sg_front, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 90, 0, 0, NULL },
	{ "sg_front_02", doc_sg_front, { 200, 1, FACE_ASTRONAUT_FLIP, TINT_WARM, 1 }, "jpg", 65, 90, 0, NULL },
	{ "sg_front_03", doc_sg_front, { 400, 2, FACE_ASTRONAUT_TIGHT, TINT_GREY, 0.95 }, "png", 0, 0, -2.5, NULL },
	{ "sg_back_01", doc_sg_back, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 90, 0, 0, NULL },
	{ "sg_back_02", doc_sg_back, { 250, 1, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 80, 180, 0, NULL },
	/* Codes. */
	{ "vn_cccd_01", doc_vn_cccd, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 90, 0, 0, NULL },
	{ "vn_cccd_02", doc_vn_cccd, { 200, 1, FACE_ASTRONAUT_FLIP, TINT_WARM, 1 }, "jpg", 75, 0, -2, NULL },
	{ "pdf417_form_01", doc_pdf417_form, { 200, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "png", 0, 0, 0, NULL },
	/* Passport data pages. */
	{ "passport_01", doc_passport, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 90, 0, 0, NULL },
	{ "passport_02", doc_passport, { 250, 2, FACE_ASTRONAUT_TIGHT, TINT_COOL, 1 }, "jpg", 70, 270, 1.5, NULL },
	/* SIM registration form, A4 at 150 dpi. */
	{ "sim_form_01", doc_sim_form, { 150, 0, FACE_ASTRONAUT_TIGHT, TINT_NONE, 1 }, "jpg", 85, 0, 0, NULL },
	/* Further countries. */
	{ "kr_card_01", doc_kr_card, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 88, 0, 0, NULL },
	{ "kr_card_02", doc_kr_card, { 200, 1, FACE_ASTRONAUT_FLIP, TINT_GREY, 1 }, "jpg", 62, 90, 0, NULL },
	{ "my_card_01", doc_my_card, { 300, 0, FACE_ASTRONAUT_TIGHT, TINT_WARM, 1 }, "jpg", 85, 0, 0, NULL },
	{ "id_card_01", doc_id_card, { 250, 1, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 80, 0, 2, NULL },
	{ "hk_card_01", doc_hk_card, { 300, 2, FACE_ASTRONAUT_FLIP, TINT_NONE, 1 }, "png", 0, 0, 0, NULL },
	{ "tw_card_01", doc_tw_card, { 300, 0, FACE_ASTRONAUT, TINT_COOL, 1 }, "jpg", 90, 180, 0, NULL },
	{ "cn_card_01", doc_cn_card, { 350, 0, FACE_ASTRONAUT_TIGHT, TINT_NONE, 1 }, "jpg", 85, 0, 0, NULL },
	{ "jp_card_01", doc_jp_card, { 300, 1, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 95, 0, 0, NULL },
	{ "in_card_01", doc_in_card, { 200, 3, FACE_ASTRONAUT_FLIP, TINT_WARM, 1 }, "jpg", 72, 0, 0, NULL },
	{ "ph_card_01", doc_ph_card, { 300, 2, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 88, 0, -1.5, NULL },
	/* Code documents seen turned as well. Appended: each sample's random
	 * draws are seeded by its index, so an entry inserted above would
	 * re-roll every sample after it. */
	{ "vn_cccd_03", doc_vn_cccd, { 250, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 85, 270, 0, NULL },
	{ "pdf417_form_02", doc_pdf417_form, { 250, 1, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 85, 90, 0, NULL },
	/* Phone photos of cards and a passport page on a desk (photo.c);
	 * appended for the same reason. The passport is photographed with
	 * the phone held sideways (its MRZ runs down the picture), one card
	 * comes with an EXIF orientation, one small in the frame and soft. */
	{ "photo_th_01", doc_th_front, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 88, 0, 0, &photo_wood_tilt },
	{ "photo_sg_01", doc_sg_front, { 300, 1, FACE_ASTRONAUT_TIGHT, TINT_WARM, 1 }, "jpg", 85, 0, 0, &photo_fabric_persp },
	{ "photo_passport_01", doc_passport, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 86, 90, 0, &photo_wood_steep },
	{ "photo_my_01", doc_my_card, { 300, 0, FACE_ASTRONAUT_FLIP, TINT_NONE, 1 }, "jpg", 90, 0, 0, &photo_plain_exif },
	{ "photo_kr_01", doc_kr_card, { 300, 0, FACE_ASTRONAUT, TINT_COOL, 1 }, "jpg", 80, 0, 0, &photo_small_soft },
	{ "photo_vn_01", doc_vn_cccd, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 84, 180, 0, &photo_wood_back },
	/* A card lying askew on a scanned A4 form: two text directions on
	 * one page. */
	{ "scan_card_on_page_01", doc_card_on_page, { 200, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 85, 0, 0, NULL },
	/* Hard portraits (issue 13): small, soft, noisy, faded, cropped to
	 * the face, grey and colour, at every quarter turn, one skewed and
	 * one photographed. */
	{ "hard_th_01", doc_th_front, { 300, 0, FACE_ASTRONAUT_FACE, TINT_NONE, 1 }, "jpg", 85, 0, 0, NULL },
	{ "hard_sg_01", doc_sg_front, { 250, 1, FACE_ASTRONAUT, TINT_GREY, 1 }, "jpg", 80, 90, 0, NULL },
	{ "hard_kr_01", doc_kr_card, { 300, 0, FACE_ASTRONAUT_FACE, TINT_WARM, 1 }, "jpg", 80, 180, 0, NULL },
	{ "hard_passport_01", doc_passport, { 250, 1, FACE_ASTRONAUT_TIGHT, TINT_GREY, 1 }, "jpg", 85, 270, 0, NULL },
	{ "hard_my_01", doc_my_card, { 300, 2, FACE_MESSI_FACE, TINT_NONE, 1 }, "jpg", 88, 0, 0, NULL },
	{ "hard_vn_01", doc_vn_cccd, { 300, 0, FACE_ASTRONAUT_FACE, TINT_COOL, 1 }, "jpg", 82, 90, 0, NULL },
	{ "hard_hk_01", doc_hk_card, { 300, 1, FACE_ASTRONAUT_FLIP, TINT_GREY, 1 }, "png", 0, 180, 0, NULL },
	{ "hard_id_01", doc_id_card, { 250, 0, FACE_MESSI_FACE, TINT_GREY, 1 }, "jpg", 80, 270, 0, NULL },
	{ "hard_tw_01", doc_tw_card, { 200, 0, FACE_ASTRONAUT_FACE, TINT_NONE, 1 }, "jpg", 75, 0, 4, NULL },
	{ "hard_photo_jp_01", doc_jp_card, { 300, 0, FACE_ASTRONAUT_FACE, TINT_NONE, 1 }, "jpg", 85, 0, 0, &photo_plain_hard },
	/* Portraits before a plain studio backdrop: much of the photo one
	 * flat colour. */
	{ "plain_sg_01", doc_sg_front, { 300, 0, FACE_ASTRONAUT_PLAIN, TINT_NONE, 1 }, "jpg", 88, 0, 0, NULL },
	{ "plain_th_01", doc_th_front, { 250, 1, FACE_ASTRONAUT_PLAIN, TINT_GREY, 1 }, "jpg", 80, 270, 0, NULL },
	{ "plain_hk_01", doc_hk_card, { 300, 2, FACE_ASTRONAUT_PLAIN, TINT_WARM, 1 }, "jpg", 85, 90, 0, NULL },
	/* ICAO TD1 identity cards, both sides on one sheet (3 x 30 MRZ):
	 * upright, turned and skewed, and photographed. */
	{ "td1_card_01", doc_td1_card, { 300, 0, FACE_ASTRONAUT, TINT_NONE, 1 }, "jpg", 90, 0, 0, NULL },
	{ "td1_card_02", doc_td1_card, { 250, 1, FACE_ASTRONAUT_FLIP, TINT_COOL, 1 }, "jpg", 80, 90, -2, NULL },
	{ "photo_td1_01", doc_td1_card, { 300, 2, FACE_ASTRONAUT_TIGHT, TINT_NONE, 1 }, "jpg", 86, 0, 0, &photo_wood_tilt },
};

/* How badly the portrait of each hard sample was taken (by name: a field
 * in sample would touch every entry above). */
static const struct {
	const char *name;
	const photo_wear *wear;
} worn_portraits[] = {
	{ "hard_th_01", &wear_small },
	{ "hard_sg_01", &wear_soft },
	{ "hard_kr_01", &wear_noisy },
	{ "hard_passport_01", &wear_faded },
	{ "hard_my_01", &wear_soft },
	{ "hard_vn_01", &wear_worst },
	{ "hard_hk_01", &wear_faded },
	{ "hard_id_01", &wear_noisy },
	{ "hard_tw_01", &wear_faded },
	{ "hard_photo_jp_01", &wear_worst },
	{ "plain_th_01", &wear_small },
};

/* Returns how sample s's portrait was taken, or NULL: well. */
static const photo_wear *wear_of(const sample *s)
{
	for (size_t i = 0; i < G_N_ELEMENTS(worn_portraits); i++)
		if (strcmp(worn_portraits[i].name, s->name) == 0)
			return worn_portraits[i].wear;
	return NULL;
}

static int load_faces(const char *dir, face_source *f)
{
	char *a = g_build_filename(dir, "astronaut.png", NULL);
	char *m = g_build_filename(dir, "messi5.jpg", NULL);
	VipsImage *ia = NULL, *im = NULL;
	int ret = -1;

	memset(f, 0, sizeof *f);
	if (!(ia = vips_image_new_from_file(a, NULL)) ||
	    !(im = vips_image_new_from_file(m, NULL)))
		goto out;
	/* Both are read many times: decode once. */
	if (!(f->astronaut = vips_image_copy_memory(ia)) ||
	    !(f->messi = vips_image_copy_memory(im)))
		goto out;
	ret = 0;
out:
	if (ia)
		g_object_unref(ia);
	if (im)
		g_object_unref(im);
	g_free(a);
	g_free(m);
	return ret;
}

static void free_faces(face_source *f)
{
	if (f->astronaut)
		g_object_unref(f->astronaut);
	if (f->messi)
		g_object_unref(f->messi);
}

/* Prints the vips error buffer after prefix and clears it. */
static void report_vips_error(const char *prefix)
{
	fprintf(stderr, "gen-samples: %s: %s", prefix, vips_error_buffer());
	vips_error_clear();
}

/* Draws sample_set[i] under name, turned by rotate and skewed by skew
 * (a photo keeps its own tilt), into out_dir. Its random draws are
 * seeded by (seed, i) and, for a variant of the set, by key3 as well.
 * Returns 0 or 1 (failed, message printed). */
static int write_sample(const face_source *faces, size_t i, const char *name,
			int rotate, double skew, const photo_spec *photo,
			unsigned seed, guint32 key3, const char *out_dir)
{
	const sample *s = &sample_set[i];
	guint32 key[3] = { seed, (guint32) i, key3 };
	GRand *rng = g_rand_new_with_seed_array(key, key3 ? 3 : 2);
	output_spec spec = {
		.name = name, .format = s->format, .quality = s->quality,
		.rotate = rotate, .skew = skew, .margin_mm = 4,
		.photo = photo ? photo : s->photo, .rng = rng,
	};
	/* the same photos, taken as this sample's portrait is */
	face_source worn = { faces->astronaut, faces->messi, wear_of(s) };
	doc *d = s->draw(rng, &worn, &s->v);
	int failed = 0;

	if (!d || doc_write(d, &spec, out_dir, seed)) {
		report_vips_error(name);
		failed = 1;
	}
	doc_free(d);
	g_rand_free(rng);
	return failed;
}

/* Returns the number of samples that failed. */
static int write_set(const face_source *faces, const char *out_dir,
		     unsigned seed, const char *only)
{
	int failed = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(sample_set); i++)
		if (in_part(i) &&
		    (!only || strstr(sample_set[i].name, only)))
			failed += write_sample(faces, i, sample_set[i].name,
					       sample_set[i].rotate,
					       sample_set[i].skew, NULL, seed,
					       0, out_dir);
	return failed;
}

/* A phone photo drawn at random over the range the fixed photos span
 * (photo_* above; issue 11: tilt up to 15 degrees, corners moved up to
 * 8 % of the document's width): the document 42-75 % of the picture's
 * width, lens blur 0.6-1.3 px, any desk, and one photo in two stored
 * turned with its EXIF orientation. Drawn from its own generator, keyed
 * by (seed, sample, 1000), so the document's draws stay as they were. */
static photo_spec photo_drawn(unsigned seed, size_t i)
{
	static const int exif[] = { 1, 1, 1, 3, 6, 8 };
	guint32 key[3] = { seed, (guint32) i, 1000 };
	GRand *r = g_rand_new_with_seed_array(key, 3);
	photo_spec p = {
		.desk = (photo_desk) g_rand_int_range(r, DESK_WOOD, DESK_PLAIN + 1),
		.tilt = g_rand_double_range(r, -15, 15),
		.perspective = g_rand_double_range(r, 0.02, 0.08),
		.fill = g_rand_double_range(r, 0.42, 0.75),
		.blur = g_rand_double_range(r, 0.6, 1.3),
		.long_side = 2000 + 200 * g_rand_int_range(r, 0, 4),
		.exif_orientation = exif[g_rand_int_range(r, 0, G_N_ELEMENTS(exif))],
	};

	g_rand_free(r);
	return p;
}

/* The rotation set (tests/e2e/rotation.sh): the first sample of every
 * layout at all twelve pairs of quarter turn (0, 90, 180, 270) and skew
 * (-15, 0, +15 degrees), and every other sample at one pair chosen by
 * its index, named NAME_rTURN_sSKEW. Phone photos take the turn only,
 * each taken as photo_drawn() says (so a fresh seed is a fresh photo:
 * tilt, perspective, size in the frame, blur, desk, EXIF). Returns the
 * number that failed. */
static int write_geometry(const face_source *faces, const char *out_dir,
			  unsigned seed, const char *only)
{
	static const int turns[] = { 0, 90, 180, 270 };
	static const double skews[] = { -15, 0, 15 };
	int failed = 0;
	size_t place = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(sample_set); i++) {
		bool first = true;
		if (only && !strstr(sample_set[i].name, only))
			continue;
		for (size_t j = 0; j < i; j++)
			if (sample_set[j].draw == sample_set[i].draw)
				first = false;
		for (int c = 0; c < 12; c++) {
			/* every pair for a layout's first sample; pair
			 * (i mod 12) for the others, a photo the turn
			 * (i mod 4) at its own tilt */
			int mine = sample_set[i].photo ? (int) (i % 4) * 3 + 1
						       : (int) (i % 12);
			if (!first && c != mine)
				continue;
			int turn = turns[c / 3];
			double skew = sample_set[i].photo ? 0 : skews[c % 3];
			char *name = g_strdup_printf("%s_r%03d_s%+03d",
				sample_set[i].name, turn, (int) skew);
			/* Photos at skew -15/+15 would repeat skew 0. */
			photo_spec drawn = photo_drawn(seed, i);
			if (!(sample_set[i].photo && c % 3 != 1) &&
			    in_part(place++))
				failed += write_sample(faces, i, name, turn,
						       skew,
						       sample_set[i].photo ?
						       &drawn : NULL,
						       seed, 1 + c, out_dir);
			g_free(name);
		}
	}
	return failed;
}

/* Returns the number of pages that failed. */
static int write_property(const char *kind, int count, unsigned seed,
			  const char *out_dir)
{
	int failed = 0;

	for (int i = 0; i < count; i++) {
		if (!in_part((size_t) i))
			continue;
		guint32 key[2] = { seed, (guint32) i };
		GRand *rng = g_rand_new_with_seed_array(key, 2);
		static const double dpis[] = { 150, 200, 300, 400 };
		double dpi = dpis[g_rand_int_range(rng, 0, G_N_ELEMENTS(dpis))];
		char *name = g_strdup_printf("%s_%03d", kind, i + 1);
		output_spec spec = {
			.name = name, .format = i % 3 == 2 ? "png" : "jpg",
			.quality = g_rand_int_range(rng, 60, 96),
			.rotate = 0, .skew = 0, .margin_mm = 3,
		};
		const char *why = NULL;
		doc *d = strcmp(kind, "mrz") == 0 ?
			 doc_property_mrz_page(rng, dpi) :
			 doc_property_page(rng, kind, dpi, &why);

		if (!d && why) {
			fprintf(stderr, "gen-samples: %s: %s\n", kind, why);
			failed++;
		} else if (!d || doc_write(d, &spec, out_dir, seed)) {
			report_vips_error(name);
			failed++;
		}
		doc_free(d);
		g_free(name);
		g_rand_free(rng);
	}
	return failed;
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: gen-samples --faces DIR --out DIR [--seed N] [--geometry] [--only TEXT]\n"
		"       gen-samples --property KIND --count N [--seed S] --out DIR\n"
		"       either form with --part K/N: the files at places K mod N\n");
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "faces", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "property", required_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'n' },
		{ "geometry", no_argument, NULL, 'g' },
		{ "only", required_argument, NULL, 'O' },
		{ "part", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *faces_dir = NULL, *out_dir = NULL, *property = NULL;
	const char *only = NULL;
	unsigned long seed = 1;
	long count = 10;
	bool geometry = false;
	face_source faces = { 0 };
	int c, failed;

	if (VIPS_INIT(argv[0]))
		vips_error_exit("gen-samples: cannot start libvips");
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'f': faces_dir = optarg; break;
		case 'o': out_dir = optarg; break;
		case 's': seed = strtoul(optarg, NULL, 10); break;
		case 'p': property = optarg; break;
		case 'n': count = strtol(optarg, NULL, 10); break;
		case 'g': geometry = true; break;
		case 'O': only = optarg; break;
		case 'P':
			if (sscanf(optarg, "%u/%u", &part_k, &part_n) != 2 ||
			    part_n == 0 || part_k >= part_n) {
				usage(stderr);
				return EX_USAGE;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind != argc || !out_dir || (!property && !faces_dir) ||
	    count < 1 || count > 10000) {
		usage(stderr);
		return EX_USAGE;
	}
	if (g_mkdir_with_parents(out_dir, 0755) != 0) {
		fprintf(stderr, "gen-samples: %s: cannot create\n", out_dir);
		return EX_CANTCREAT;
	}
	if (property) {
		const char *const *k = fake_kinds();

		while (*k && strcmp(*k, property) != 0)
			k++;
		/* "mrz" has no fake.c shape: doc_property_mrz_page(). */
		if (!*k && strcmp(property, "mrz") != 0) {
			fprintf(stderr, "gen-samples: --property: unknown kind "
				"'%s'; known: mrz", property);
			for (k = fake_kinds(); *k; k++)
				fprintf(stderr, " %s", *k);
			fputc('\n', stderr);
			return EX_USAGE;
		}
		failed = write_property(property, (int) count, (unsigned) seed,
					out_dir);
	} else {
		if (load_faces(faces_dir, &faces)) {
			report_vips_error(faces_dir);
			return EX_NOINPUT;
		}
		failed = geometry ?
			write_geometry(&faces, out_dir, (unsigned) seed, only) :
			write_set(&faces, out_dir, (unsigned) seed, only);
		free_faces(&faces);
	}
	vips_shutdown();
	if (failed) {
		fprintf(stderr, "gen-samples: %d documents failed\n", failed);
		return EX_SOFTWARE;
	}
	return 0;
}
